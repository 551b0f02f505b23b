package dev.opencic.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.opencic.server.config.ServerConfig;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleCallbackDecorator;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's embedded database: an H2 file database in the data directory behind a small HikariCP
 * pool, migrated by Flyway from {@code classpath:db/migration} when opened. The server process owns
 * the file exclusively (no database port: an admin command run beside it goes through the server's
 * admin endpoint), and every commit reaches the file before it returns ({@code WRITE_DELAY=0}); after
 * a crash, {@link H2CrashRecovery} makes the file open at its newest commit before H2 opens it.
 * All access goes through the pool, so concurrent use from many threads is safe (H2's MVStore engine gives row-level locking and read-committed isolation).
 *
 * <p>Repositories reach it through {@link #jdbi()}, configured once here for every store: an
 * {@link Instant} is a BIGINT of epoch milliseconds (the migrations' rule), and a failed statement
 * surfaces as a {@link StoreException} ({@link DuplicateKeyException} for SQLSTATE 23505) that names
 * the statement but never its bound values. The migrations and the repositories' statements use SQL
 * that H2 and PostgreSQL both accept, so a PostgreSQL {@code DataSource} can replace H2 here without
 * touching the repositories: {@link #open(ServerConfig)} does so when {@code db-url} names a
 * PostgreSQL database (cluster mode), with the same migrations.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final int DEFAULT_POOL_SIZE = 8;
    /** H2 error code for "database is already closed", which closing the shut-down connection reports. */
    private static final int H2_DATABASE_CALLED_AT_SHUTDOWN = 90121;
    /** SQLSTATE for unique/primary key violations, the same on H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final boolean inMemory;

    private Database(String jdbcUrl, String user, String password, int poolSize, String poolName, boolean inMemory) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password == null ? "" : password);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        config.setPoolName(poolName);
        config.setAutoCommit(true);
        this.inMemory = inMemory;
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            // One INSERT for a batch of rows (the music library's rescans, admin migrate).
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
            config.addDataSourceProperty("ApplicationName", "opencic");
            // A database across the network may be down: a request waiting for a connection fails
            // after 10 s instead of Hikari's 30 (past the event timeout a device is long gone).
            config.setConnectionTimeout(10_000);
        }
        this.dataSource = new HikariDataSource(config);
        this.jdbi = configure(Jdbi.create(dataSource));
        try {
            Flyway.configure()
                  .dataSource(dataSource)
                  .locations("classpath:db/migration")
                  .cleanDisabled(true)
                  .load()
                  .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /**
     * The database the configuration names: PostgreSQL when {@code db-url} is set (its schema brought
     * up to date by the same migrations), else H2 in the data directory as {@link #open(Path)}.
     */
    public static Database open(ServerConfig config) {
        if (config.dbUrl() == null) {
            return open(config.dataDir(), config.dbPoolSize());
        }
        return postgres(config.dbUrl(), config.dbUser(), config.dbPassword(), config.dbPoolSize());
    }

    /**
     * A PostgreSQL database ({@code jdbc:postgresql://host:port/db}) behind a pool of {@code poolSize}
     * connections, migrated like the H2 one. The password is handed to the driver only, never logged.
     */
    public static Database postgres(String jdbcUrl, String user, String password, int poolSize) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DB)");
        }
        log.info("Opening PostgreSQL database {} as {}", jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***"), user);
        return new Database(jdbcUrl, user, password, poolSize, "cic-db", false);
    }

    /**
     * Opens (creating if needed) the database {@code <dataDir>/cic.mv.db} and brings its schema up to
     * date.
     */
    public static Database open(Path dataDir) {
        return open(dataDir, DEFAULT_POOL_SIZE);
    }

    private static Database open(Path dataDir, int poolSize) {
        Path dir = dataDir.toAbsolutePath().normalize();
        if (dir.toString().indexOf(';') >= 0) {
            throw new IllegalArgumentException("data directory path must not contain ';': " + dir);
        }
        OwnerOnlyFiles.secureDirectory(dir);
        // WRITE_DELAY=0: every commit is written to the file before the statement returns, so a write
        // the server has acknowledged survives kill -9 (the default, 500 ms, left the last half second
        // of commits -- more under load -- only in the process's memory). No AUTO_SERVER: it opened a
        // database port on all interfaces; an admin command reaches a running server through its
        // admin endpoint instead (see dev.opencic.server.admin). LOCK_TIMEOUT: wait for row locks
        // instead of failing at once.
        String url = "jdbc:h2:file:" + dir.resolve("cic") + ";LOCK_TIMEOUT=10000;WRITE_DELAY=0";
        log.info("Opening database in {}", dir);
        // After a crash H2's own quick recovery can open an older commit than the newest it had
        // acknowledged; find the newest first (see H2CrashRecovery).
        H2CrashRecovery.recoverNewestCommit(dir.resolve("cic.mv.db"));
        Database db = new Database(url, "sa", "", poolSize, "cic-db", false);
        // H2 creates its files with the process umask; the directory is 0700 already, the files too.
        OwnerOnlyFiles.secureDirectory(dir);
        return db;
    }

    /**
     * A private in-memory database (for tests), alive until {@link #close()}. Two calls with the same
     * name in one JVM share the database.
     */
    public static Database inMemory(String name) {
        if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("in-memory database name must match [A-Za-z0-9_-]{1,64}");
        }
        return new Database("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000", "sa", "",
                            DEFAULT_POOL_SIZE, "cic-db-mem-" + name, true);
    }

    /**
     * Asks the database one trivial question; throws a {@link StoreException} when it does not answer
     * (the health check's probe).
     */
    public void ping() {
        jdbi.useHandle(h -> h.select("SELECT 1").mapTo(Integer.class).one());
    }

    /** The pool itself, for libraries that take a {@code DataSource} (Flyway, db-scheduler). */
    public DataSource dataSource() {
        return dataSource;
    }

    /** How every repository reaches the database. */
    public Jdbi jdbi() {
        return jdbi;
    }

    private static Jdbi configure(Jdbi jdbi) {
        jdbi.registerArgument(new AbstractArgumentFactory<Instant>(Types.BIGINT) {
            @Override
            protected Argument build(Instant value, ConfigRegistry config) {
                return (position, statement, ctx) -> statement.setLong(position, value.toEpochMilli());
            }
        });
        jdbi.registerColumnMapper(Instant.class, (rs, column, ctx) -> {
            long millis = rs.getLong(column);
            return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
        });
        // Jdbi's messages would list bound values; what is left untranslated below must not.
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.NONE);
        return jdbi.setHandleCallbackDecorator(new HandleCallbackDecorator() {
            @Override
            public <R, X extends Exception> HandleCallback<R, X> decorate(HandleCallback<R, X> callback) {
                return handle -> {
                    try {
                        return callback.withHandle(handle);
                    } catch (JdbiException e) {
                        throw translate(e);
                    }
                };
            }
        });
    }

    /**
     * The message names the statement, never bound values: they may be digests of secrets, and still
     * have no business in logs.
     */
    private static StoreException translate(JdbiException e) {
        String what = e instanceof StatementException se && se.getStatementContext() != null
                ? firstLine(se.getStatementContext().getRawSql()) : e.getClass().getSimpleName();
        if (!(e.getCause() instanceof SQLException sql)) {
            return new StoreException("database error in: " + what, e);
        }
        if (UNIQUE_VIOLATION.equals(sql.getSQLState())) {
            return new DuplicateKeyException("duplicate key: " + what, sql);
        }
        return new StoreException("database error (" + sql.getSQLState() + ") in: " + what, sql);
    }

    private static String firstLine(String sql) {
        String s = sql.strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public void close() {
        if (dataSource.isClosed()) {
            return;
        }
        if (inMemory) {
            // DB_CLOSE_DELAY=-1 keeps an in-memory database alive without connections; free it.
            // H2's own statement, the one dialect-specific statement of the stores (in-memory only).
            try {
                jdbi.useHandle(h -> h.execute("SHUTDOWN"));
            } catch (RuntimeException e) {
                // Closing the handle after SHUTDOWN fails outside the callback, so untranslated.
                Throwable cause = e;
                while (cause != null && !(cause instanceof SQLException)) {
                    cause = cause.getCause();
                }
                if (!(cause instanceof SQLException sql) || sql.getErrorCode() != H2_DATABASE_CALLED_AT_SHUTDOWN) {
                    log.warn("In-memory database shutdown failed: {}", e.getMessage());
                }
            }
        }
        // A file database closes cleanly when its last connection does.
        dataSource.close();
    }
}
