package dev.opencic.server.store;

/** {@link SharedSecretsContract} on H2 in memory. */
class SharedSecretsTest extends SharedSecretsContract {

    @Override
    protected Database openDatabase(String name) {
        return Database.inMemory(name);
    }
}
