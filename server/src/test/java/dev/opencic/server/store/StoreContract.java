package dev.opencic.server.store;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the store tests that must hold on every database the server runs on: each test gets a
 * fresh, migrated database from {@link #openDatabase}, which a subclass supplies (H2 in memory in
 * every build; PostgreSQL once cluster mode has one), and closes it afterwards.
 */
public abstract class StoreContract {

    /** The database of the running test; a subclass's {@code @BeforeEach} may seed it. */
    protected Database db;

    /** A fresh, migrated database of this name (letters, digits and '_'). */
    protected abstract Database openDatabase(String name);

    @BeforeEach
    void openStore() {
        db = openDatabase(getClass().getSimpleName().toLowerCase() + "_" + UUID.randomUUID().toString().replace("-", ""));
    }

    @AfterEach
    void closeStore() {
        if (db != null) { // null when openDatabase aborted the test (e.g. no PostgreSQL here)
            db.close();
        }
    }
}
