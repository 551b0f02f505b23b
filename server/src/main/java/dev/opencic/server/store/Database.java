package dev.opencic.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's embedded database: an H2 file database in the data directory behind a small HikariCP
 * pool, migrated by Flyway from {@code classpath:db/migration} when opened. The server process owns
 * the file; an admin command run beside it reaches the same database through H2's AUTO_SERVER mode.
 * All access goes through the pool, so concurrent use from many threads is safe (H2's MVStore engine gives row-level locking and read-committed isolation).
 *
 * <p>The migrations use portable SQL only, so a PostgreSQL {@code DataSource} could replace this
 * later without touching the repositories.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final int POOL_SIZE = 8;
    /** H2 error code for "database is already closed", which closing the shut-down connection reports. */
    private static final int H2_DATABASE_CALLED_AT_SHUTDOWN = 90121;

    private final HikariDataSource dataSource;
    private final boolean inMemory;

    private Database(String jdbcUrl, String poolName, boolean inMemory) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setPoolName(poolName);
        config.setAutoCommit(true);
        this.inMemory = inMemory;
        this.dataSource = new HikariDataSource(config);
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
     * Opens (creating if needed) the database {@code <dataDir>/cic.mv.db} and brings its schema up to
     * date.
     */
    public static Database open(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        if (dir.toString().indexOf(';') >= 0) {
            throw new IllegalArgumentException("data directory path must not contain ';': " + dir);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dir, e);
        }
        // AUTO_SERVER: a second process on the same data directory (./cic admin while ./cic serve
        // runs) connects through the first one instead of failing on the file lock; H2 does not
        // allow it together with DB_CLOSE_ON_EXIT=FALSE. LOCK_TIMEOUT: wait for row locks instead
        // of failing at once.
        String url = "jdbc:h2:file:" + dir.resolve("cic") + ";LOCK_TIMEOUT=10000;AUTO_SERVER=TRUE";
        log.info("Opening database in {}", dir);
        return new Database(url, "cic-db", false);
    }

    /**
     * A private in-memory database (for tests), alive until {@link #close()}. Two calls with the same
     * name in one JVM share the database.
     */
    public static Database inMemory(String name) {
        if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("in-memory database name must match [A-Za-z0-9_-]{1,64}");
        }
        return new Database("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
                            "cic-db-mem-" + name, true);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        if (dataSource.isClosed()) {
            return;
        }
        if (inMemory) {
            // DB_CLOSE_DELAY=-1 keeps an in-memory database alive without connections; free it.
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (SQLException e) {
                if (e.getErrorCode() != H2_DATABASE_CALLED_AT_SHUTDOWN) {
                    log.warn("In-memory database shutdown failed: {}", e.getMessage());
                }
            }
        }
        // A file database closes cleanly when its last connection does.
        dataSource.close();
    }
}
