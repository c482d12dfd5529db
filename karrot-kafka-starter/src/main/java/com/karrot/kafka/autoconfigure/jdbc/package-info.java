/**
 * What the schema set-up of the outbox and of the inbox share: the table names and Spring Boot's script
 * initialisation. Each capability's own properties, scripts and initializer are in {@code autoconfigure.outbox} and
 * {@code autoconfigure.listener}.
 */
@NullMarked
package com.karrot.kafka.autoconfigure.jdbc;

import org.jspecify.annotations.NullMarked;
