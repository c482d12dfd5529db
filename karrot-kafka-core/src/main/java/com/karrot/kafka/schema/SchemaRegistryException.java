package com.karrot.kafka.schema;

/**
 * A schema registry request that failed: the registry answered with an error, or could not be reached. Carries
 * the HTTP status and the registry's {@code error_code} and {@code message}, with tests for the well-known codes
 * of the Confluent API. Without an answer, status and error code are {@code 0}; an answer whose body has no
 * {@code error_code} carries its HTTP status as the error code.
 */
public class SchemaRegistryException extends RuntimeException {

    /** The subject does not exist. */
    public static final int SUBJECT_NOT_FOUND = 40401;

    /** The subject has no such version. */
    public static final int VERSION_NOT_FOUND = 40402;

    /** No schema with that id, or not under that subject. */
    public static final int SCHEMA_NOT_FOUND = 40403;

    /** The schema is incompatible with the subject's earlier schemas (Confluent's current code). */
    public static final int INCOMPATIBLE_SCHEMA = 40901;

    /** The schema is incompatible with the subject's earlier schemas (the code of older registries). */
    public static final int INCOMPATIBLE_SCHEMA_LEGACY = 409;

    /** The schema does not parse, or is not of the type given. */
    public static final int INVALID_SCHEMA = 42201;

    /** The version is not a positive number or {@code latest}. */
    public static final int INVALID_VERSION = 42202;

    /** The compatibility level is not one of the registry's. */
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;

    /** The registry's backend store failed. */
    public static final int STORE_ERROR = 50001;

    /** The registry's operation timed out. */
    public static final int OPERATION_TIMEOUT = 50002;

    /** The registry could not forward the request to its leader. */
    public static final int REQUEST_FORWARDING_FAILED = 50003;

    /** The registry does not know its leader. */
    public static final int UNKNOWN_LEADER = 50004;

    private final int status;

    private final int errorCode;

    private final String registryMessage;

    /**
     * Creates the exception for an error answer of the registry.
     * @param status the HTTP status
     * @param errorCode the registry's {@code error_code}
     * @param registryMessage the registry's {@code message}
     */
    public SchemaRegistryException(int status, int errorCode, String registryMessage) {
        super(registryMessage + " (HTTP " + status + ", error code " + errorCode + ")");
        this.status = status;
        this.errorCode = errorCode;
        this.registryMessage = registryMessage;
    }

    /**
     * Creates the exception for a request the registry did not answer.
     * @param message what failed
     * @param cause why
     */
    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.errorCode = 0;
        this.registryMessage = message;
    }

    /**
     * The HTTP status of the answer.
     * @return the status, {@code 0} without an answer
     */
    public int status() {
        return this.status;
    }

    /**
     * The registry's {@code error_code}.
     * @return the code, for example {@value #SUBJECT_NOT_FOUND}; {@code 0} without an answer
     */
    public int errorCode() {
        return this.errorCode;
    }

    /**
     * The registry's {@code message}, or what failed when there was no answer.
     * @return the message
     */
    public String registryMessage() {
        return this.registryMessage;
    }

    /**
     * Whether the subject does not exist ({@value #SUBJECT_NOT_FOUND}).
     * @return {@code true} if so
     */
    public boolean isSubjectNotFound() {
        return this.errorCode == SUBJECT_NOT_FOUND;
    }

    /**
     * Whether the subject has no such version ({@value #VERSION_NOT_FOUND}).
     * @return {@code true} if so
     */
    public boolean isVersionNotFound() {
        return this.errorCode == VERSION_NOT_FOUND;
    }

    /**
     * Whether there is no such schema ({@value #SCHEMA_NOT_FOUND}).
     * @return {@code true} if so
     */
    public boolean isSchemaNotFound() {
        return this.errorCode == SCHEMA_NOT_FOUND;
    }

    /**
     * Whether the schema is incompatible with the subject's earlier schemas ({@value #INCOMPATIBLE_SCHEMA}, or
     * {@value #INCOMPATIBLE_SCHEMA_LEGACY} from older registries).
     * @return {@code true} if so
     */
    public boolean isIncompatible() {
        return this.errorCode == INCOMPATIBLE_SCHEMA || this.errorCode == INCOMPATIBLE_SCHEMA_LEGACY;
    }

    /**
     * Whether the schema is invalid ({@value #INVALID_SCHEMA}).
     * @return {@code true} if so
     */
    public boolean isInvalidSchema() {
        return this.errorCode == INVALID_SCHEMA;
    }

    /**
     * Whether the compatibility level is not one of the registry's ({@value #INVALID_COMPATIBILITY_LEVEL}).
     * @return {@code true} if so
     */
    public boolean isInvalidCompatibilityLevel() {
        return this.errorCode == INVALID_COMPATIBILITY_LEVEL;
    }

    /**
     * Whether the registry failed on its side (HTTP 5xx, such as {@value #STORE_ERROR} to
     * {@value #UNKNOWN_LEADER}); the request may succeed when tried again.
     * @return {@code true} if so
     */
    public boolean isServerError() {
        return this.status >= 500 && this.status < 600;
    }
}
