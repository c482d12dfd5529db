package com.karrot.kafka.autoconfigure.schema;

import java.util.List;
import java.util.function.Supplier;

import com.karrot.kafka.autoconfigure.schema.SchemaProperties.OnIncompatible;
import com.karrot.kafka.schema.SchemaRegistryClient;
import com.karrot.kafka.schema.SchemaRegistryException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Checks the service's schemas against the registry and registers them, once every singleton exists: a schema the
 * subject already holds is left as it is (so many instances starting at once agree, each getting the same id); a new
 * one is checked in the subject's mode and registered, or, when incompatible, fails start-up (or is logged and left
 * out, with {@code on-incompatible=warn}). A registry that cannot be reached fails start-up.
 */
final class SchemaRegistrar implements SmartInitializingSingleton {

    private static final Log log = LogFactory.getLog(SchemaRegistrar.class);

    private final SchemaRegistryClient registry;

    private final Supplier<List<ServiceSchema>> schemas;

    private final OnIncompatible onIncompatible;

    SchemaRegistrar(SchemaRegistryClient registry, Supplier<List<ServiceSchema>> schemas,
            OnIncompatible onIncompatible) {
        this.registry = registry;
        this.schemas = schemas;
        this.onIncompatible = onIncompatible;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (ServiceSchema schema : this.schemas.get()) {
            try {
                register(schema);
            }
            catch (SchemaRegistryException ex) {
                throw new SchemaRegistrationException("Cannot register the schema of " + schema.origin()
                        + " under subject '" + schema.subject() + "': " + ex.getMessage(), action(ex), ex);
            }
        }
    }

    private void register(ServiceSchema schema) {
        if (isRegistered(schema)) {
            return;
        }
        SubjectCheck check = SubjectCheck.of(this.registry, schema.subject(), schema.schema());
        if (!check.result().isCompatible()) {
            incompatible(schema, check.mode().name(), String.join("; ", check.result().messages()));
            return;
        }
        try {
            int id = this.registry.register(schema.subject(), schema.schema());
            log.info("Registered the schema of " + schema.origin() + " under subject '" + schema.subject()
                    + "' with id " + id);
        }
        catch (SchemaRegistryException ex) {
            if (!ex.isIncompatible()) {
                throw ex;
            }
            // another instance registered a different schema between the check and the registration
            incompatible(schema, this.registry.compatibility(schema.subject()).name(), ex.registryMessage());
        }
    }

    private boolean isRegistered(ServiceSchema schema) {
        try {
            int id = this.registry.lookup(schema.subject(), schema.schema()).id();
            log.debug("The schema of " + schema.origin() + " is registered under subject '" + schema.subject()
                    + "' with id " + id);
            return true;
        }
        catch (SchemaRegistryException ex) {
            if (ex.isSubjectNotFound() || ex.isSchemaNotFound()) {
                return false;
            }
            throw ex;
        }
    }

    private static String action(SchemaRegistryException ex) {
        if (ex.status() == 0) {
            return "Check that the schema registry at karrot.kafka.schema.registry.url is running and reachable "
                    + "from here (and karrot.kafka.schema.registry.ssl.bundle for https), or set "
                    + "karrot.kafka.schema.registration.enabled=false to start without registering the schemas.";
        }
        if (ex.status() == 401 || ex.status() == 403) {
            return "Check the credentials given to the registry (karrot.kafka.schema.registry.username and password, "
                    + "or bearer-token) and that they may register schemas.";
        }
        if (ex.isServerError()) {
            return "The registry failed on its side; check its health and logs, then start again.";
        }
        return "Check the registry's answer above; karrot.kafka.schema.registration.enabled=false starts without "
                + "registering the schemas.";
    }

    private void incompatible(ServiceSchema schema, String mode, String what) {
        String message = "The schema of " + schema.origin() + " is incompatible with subject '" + schema.subject()
                + "' in mode " + mode + ": " + what;
        if (this.onIncompatible == OnIncompatible.FAIL) {
            throw new SchemaRegistrationException(message, "Make the change compatible in mode " + mode
                    + " (for example, give a new field a default) or publish it under "
                    + "a new record name; if the break is intended, change the subject's compatibility mode in the "
                    + "registry, or set karrot.kafka.schema.registration.on-incompatible=warn to start without "
                    + "registering it.", null);
        }
        log.warn(message + "; not registered");
    }
}
