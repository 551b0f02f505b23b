package dev.opencic.server.store;

import dev.opencic.server.testing.TestPostgres;

/** {@link TimeZoneRepositoryContract} on PostgreSQL (see {@link TestPostgres}). */
class TimeZoneRepositoryPostgresTest extends TimeZoneRepositoryContract {

    @Override
    protected Database openDatabase(String name) {
        return TestPostgres.get().newDatabase(name);
    }
}
