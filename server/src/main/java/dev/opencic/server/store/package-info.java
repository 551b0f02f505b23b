/**
 * The database the server runs on, and the storage shared by several features.
 *
 * <p><b>Where storage lives.</b> A skill's storage (its repository or store interface, the records
 * it keeps and their Jdbi implementation) lives in the skill's own package, beside the skill
 * ({@code skill.alerts.AlertRepository}, {@code skill.memo.MemoStore},
 * {@code skill.weather.SavedPlaceRepository}, {@code skill.music.TrackRepository} with its
 * implementation in {@code skill.music}). This package keeps only:
 * <ul>
 *   <li>{@link dev.opencic.server.store.Database}: the pool, the Flyway migrations of every table
 *       ({@code classpath:db/migration}, one sequence for the whole server) and the one configured
 *       {@link org.jdbi.v3.core.Jdbi} every repository is built on;</li>
 *   <li>{@link dev.opencic.server.store.StoreException} and
 *       {@link dev.opencic.server.store.DuplicateKeyException}, what every store throws;</li>
 *   <li>account, authentication and device-level storage that several features read: accounts,
 *       their login sessions, clients, authorization codes, device tokens (the auth module, the
 *       admin commands) and time zones (every skill that speaks a time).</li>
 * </ul>
 * A new skill's table therefore gets a new migration here in {@code db/migration} and its code in
 * the skill's package; a table moves here only when a second feature needs it.
 *
 * <p><b>SQL.</b> Statements and migrations use SQL that H2 and PostgreSQL both accept: VARCHAR,
 * INTEGER, BIGINT, BOOLEAN and DOUBLE PRECISION columns; instants as BIGINT epoch milliseconds
 * (bound and read as {@link java.time.Instant} by the configured Jdbi); no MERGE, ON CONFLICT,
 * LIMIT/OFFSET, sequences or identity columns; an upsert is an UPDATE and, when it changed no row,
 * an INSERT in one transaction. db-scheduler's own table (V5) keeps the library's column types
 * (TIMESTAMP WITH TIME ZONE, BYTEA), which both accept too. The only dialect-specific statement is H2's {@code SHUTDOWN} when an
 * in-memory database is closed ({@link dev.opencic.server.store.Database#close()}).
 */
package dev.opencic.server.store;
