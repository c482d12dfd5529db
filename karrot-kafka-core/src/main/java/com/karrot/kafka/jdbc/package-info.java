/**
 * Where the tables of Karrot Kafka live ({@link com.karrot.kafka.jdbc.TableNames}: a schema and a name prefix), shared
 * by the JDBC stores of the outbox ({@code com.karrot.kafka.outbox}) and the inbox ({@code com.karrot.kafka.listener}).
 */
@NullMarked
package com.karrot.kafka.jdbc;

import org.jspecify.annotations.NullMarked;
