package dev.switchback.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One statement of a {@link Tx}, with {@code :name} parameters: bind each by name, then run it once.
 *
 * <pre>{@code
 * tx.sql("SELECT id, name FROM apps WHERE id = :app").bind("app", appId).one(AppStore::map)
 * }</pre>
 *
 * The statement runs on the connection's kept statement for that SQL text (see {@link ReusedStatements}),
 * and rows are read by the caller's {@link RowMapper}, by position on the hot path.
 */
public final class Sql {
    private final Tx tx;
    private final NamedSql sql;
    private final Object[] values;
    private final int[] types;
    private final boolean[] bound;
    private List<Object[]> batch;

    Sql(Tx tx, NamedSql sql) {
        this.tx = tx;
        this.sql = sql;
        this.values = new Object[sql.parameterCount()];
        this.types = new int[sql.parameterCount()];
        this.bound = new boolean[sql.parameterCount()];
    }

    public Sql bind(String name, long value) {
        return set(name, value, Types.BIGINT);
    }

    public Sql bind(String name, int value) {
        return set(name, value, Types.INTEGER);
    }

    public Sql bind(String name, double value) {
        return set(name, value, Types.DOUBLE);
    }

    public Sql bind(String name, boolean value) {
        return set(name, value, Types.BOOLEAN);
    }

    /** A value that may be null (SQL {@code NULL}). */
    public Sql bind(String name, Long value) {
        return set(name, value, Types.BIGINT);
    }

    public Sql bind(String name, Integer value) {
        return set(name, value, Types.INTEGER);
    }

    public Sql bind(String name, Double value) {
        return set(name, value, Types.DOUBLE);
    }

    public Sql bind(String name, String value) {
        return set(name, value, Types.VARCHAR);
    }

    public Sql bind(String name, byte[] value) {
        return set(name, value, Types.BINARY);
    }

    /** An instant, stored as epoch seconds (as every instant is, so both databases agree). */
    public Sql bind(String name, Instant value) {
        return set(name, value == null ? null : value.getEpochSecond(), Types.BIGINT);
    }

    /** A typed id, stored as its number. */
    public Sql bind(String name, Id value) {
        return set(name, value == null ? null : value.value(), Types.BIGINT);
    }

    private Sql set(String name, Object value, int type) {
        int index = sql.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no parameter :" + name + " in " + sql.jdbc());
        }
        values[index] = value;
        types[index] = type;
        bound[index] = true;
        return this;
    }

    /** The value bound to {@code name}, if it was bound (how {@link Tx} learns which grant a write names). */
    Optional<Object> valueOf(String name) {
        int index = sql.indexOf(name);
        return index >= 0 && bound[index] ? Optional.ofNullable(values[index]) : Optional.empty();
    }

    NamedSql named() {
        return sql;
    }

    /** Runs a write; answers how many rows it changed. */
    public int update() {
        return tx.run(this, statement -> {
            int changed = statement.executeUpdate();
            tx.wrote(this, changed);
            return changed;
        });
    }

    /** The one row of a query (or of a write's {@code RETURNING}), if any; more than one is a bug. */
    public <T> Optional<T> one(RowMapper<T> mapper) {
        List<T> rows = list(mapper);
        if (rows.size() > 1) {
            throw new IllegalStateException("expected at most one row, got " + rows.size() + " from " + sql.jdbc());
        }
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** Every row of a query (or of a write's {@code RETURNING}). */
    public <T> List<T> list(RowMapper<T> mapper) {
        return tx.run(this, statement -> {
            List<T> rows = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    rows.add(mapper.map(row));
                }
            }
            if (sql.writes()) {
                tx.wrote(this, rows.size());
            }
            return rows;
        });
    }

    /** The first column of the one row, as a number: {@code SELECT COUNT(*)}, {@code RETURNING id}. */
    public long number() {
        return one(row -> row.getLong(1))
                .orElseThrow(() -> new IllegalStateException("expected a row from " + sql.jdbc()));
    }

    /** Whether the query finds a row. */
    public boolean exists() {
        return !list(row -> Boolean.TRUE).isEmpty();
    }

    /** Keeps the values bound so far as one row of a batch; bind the next row's, then {@link #runBatch}. */
    public Sql addToBatch() {
        checkAllBound();
        if (batch == null) {
            batch = new ArrayList<>();
        }
        batch.add(values.clone());
        return this;
    }

    /** Runs every row added with {@link #addToBatch} as one batch; answers the rows changed. */
    public int runBatch() {
        if (batch == null || batch.isEmpty()) {
            return 0;
        }
        return tx.run(this, statement -> {
            for (Object[] row : batch) {
                bindAll(statement, row);
                statement.addBatch();
            }
            int changed = 0;
            for (int count : statement.executeBatch()) {
                changed += Math.max(count, 0);
            }
            tx.wrote(this, changed);
            batch.clear();
            return changed;
        });
    }

    /** Sets every parameter of {@code statement} from what was bound (for {@link Tx#run}). */
    void bindTo(PreparedStatement statement) throws SQLException {
        if (batch == null) {
            checkAllBound();
            bindAll(statement, values);
        }
    }

    private void bindAll(PreparedStatement statement, Object[] row) throws SQLException {
        for (int position = 0; position < sql.placeholders(); position++) {
            int index = sql.nameAt(position);
            Object value = row[index];
            int parameter = position + 1;
            if (value == null) {
                statement.setNull(parameter, types[index]);
            } else {
                switch (types[index]) {
                    case Types.BIGINT -> statement.setLong(parameter, (Long) value);
                    case Types.INTEGER -> statement.setInt(parameter, (Integer) value);
                    case Types.DOUBLE -> statement.setDouble(parameter, (Double) value);
                    case Types.BOOLEAN -> statement.setBoolean(parameter, (Boolean) value);
                    case Types.BINARY -> statement.setBytes(parameter, (byte[]) value);
                    default -> statement.setString(parameter, (String) value);
                }
            }
        }
    }

    private void checkAllBound() {
        for (int i = 0; i < bound.length; i++) {
            if (!bound[i]) {
                throw new IllegalStateException("parameter :" + sql.name(i) + " not bound in " + sql.jdbc());
            }
        }
    }
}
