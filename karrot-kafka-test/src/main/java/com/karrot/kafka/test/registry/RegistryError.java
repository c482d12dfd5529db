package com.karrot.kafka.test.registry;

import java.util.List;

/**
 * An error answer of the registry: HTTP status, {@code error_code} and {@code message} as the Confluent Schema
 * Registry gives them.
 */
final class RegistryError extends RuntimeException {

    final int status;

    final int errorCode;

    private RegistryError(int status, int errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    static RegistryError subjectNotFound(String subject) {
        return new RegistryError(404, 40401, "Subject '" + subject + "' not found.");
    }

    static RegistryError versionNotFound(int version) {
        return new RegistryError(404, 40402, "Version " + version + " not found.");
    }

    static RegistryError schemaNotFound() {
        return new RegistryError(404, 40403, "Schema not found");
    }

    static RegistryError schemaNotFound(int id) {
        return new RegistryError(404, 40403, "Schema " + id + " not found");
    }

    static RegistryError subjectCompatibilityNotConfigured(String subject) {
        return new RegistryError(404, 40408, "Subject '" + subject + "' does not have subject-level compatibility "
                + "configured");
    }

    static RegistryError incompatible(String subject, List<String> messages) {
        return new RegistryError(409, 40901, "Schema being registered is incompatible with an earlier schema for "
                + "subject \"" + subject + "\", details: " + messages);
    }

    static RegistryError invalidSchema(String detail) {
        return new RegistryError(422, 42201, "Invalid schema: " + detail);
    }

    static RegistryError invalidVersion(String version) {
        return new RegistryError(422, 42202, "The specified version '" + version + "' is not a valid version id. "
                + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    static RegistryError invalidCompatibilityLevel() {
        return new RegistryError(422, 42203, "Invalid compatibility level. Valid values are none, backward, forward, "
                + "full, backward_transitive, forward_transitive, and full_transitive");
    }

    static RegistryError malformedRequest(String detail) {
        return new RegistryError(400, 400, detail);
    }

    static RegistryError internal(RuntimeException cause) {
        return new RegistryError(500, 500, "Internal error of the in-memory registry: " + cause);
    }

    static RegistryError notFound() {
        return new RegistryError(404, 404, "HTTP 404 Not Found");
    }

    static RegistryError methodNotAllowed() {
        return new RegistryError(405, 405, "HTTP 405 Method Not Allowed");
    }
}
