package dev.opencic.server.store;

/** {@link TimeZoneRepositoryContract} on H2 in memory. */
class TimeZoneRepositoryTest extends TimeZoneRepositoryContract {

    @Override
    protected Database openDatabase(String name) {
        return Database.inMemory(name);
    }
}
