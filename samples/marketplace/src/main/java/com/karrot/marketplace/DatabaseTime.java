package com.karrot.marketplace;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Moves instants in and out of {@code TIMESTAMP WITH TIME ZONE} columns the same way on H2 and PostgreSQL
 * (both JDBC drivers take and give {@link OffsetDateTime}, not {@link Instant}).
 */
public final class DatabaseTime {

    private DatabaseTime() {
    }

    /**
     * The current time, cut to milliseconds so that what a service returns equals what it stored.
     * @return the current instant
     */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * An instant as a statement parameter.
     * @param instant the instant, may be {@code null}
     * @return the instant at UTC, or {@code null}
     */
    public static OffsetDateTime parameter(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /**
     * Reads an instant from a column.
     * @param rs the result set on the current row
     * @param column the column name
     * @return the instant, or {@code null} if the column is {@code NULL}
     * @throws SQLException if the column cannot be read
     */
    public static Instant read(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
