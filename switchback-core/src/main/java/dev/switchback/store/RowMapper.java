package dev.switchback.store;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads one row of a {@link Sql} query into a value; on the hot path, columns by position. */
@FunctionalInterface
public interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
}
