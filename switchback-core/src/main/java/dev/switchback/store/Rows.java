package dev.switchback.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Reading the nullable and time columns of a row, the same way in every store. */
public final class Rows {
    private Rows() {}

    /** An epoch-seconds column as an instant. */
    public static Instant instant(ResultSet row, int column) throws SQLException {
        return Instant.ofEpochSecond(row.getLong(column));
    }

    public static Instant instant(ResultSet row, String column) throws SQLException {
        return Instant.ofEpochSecond(row.getLong(column));
    }

    /** An epoch-seconds column that may be NULL. */
    public static Optional<Instant> optionalInstant(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochSecond(value));
    }

    public static Optional<Long> optionalLong(ResultSet row, int column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? Optional.empty() : Optional.of(value);
    }

    public static Optional<Long> optionalLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? Optional.empty() : Optional.of(value);
    }

    public static Optional<Integer> optionalInt(ResultSet row, int column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? Optional.empty() : Optional.of(value);
    }

    public static Optional<Integer> optionalInt(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? Optional.empty() : Optional.of(value);
    }

    public static Optional<Double> optionalDouble(ResultSet row, int column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() ? Optional.empty() : Optional.of(value);
    }

    public static Optional<Double> optionalDouble(ResultSet row, String column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() ? Optional.empty() : Optional.of(value);
    }
}
