package dev.opencic.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void generatedValuesNeverStartWithADashSoTheyArePassableAsCommandLineArguments() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String id = Secrets.random(18);
            assertThat(id).hasSize(24).doesNotStartWith("-").matches("[A-Za-z0-9_-]+");
            seen.add(id);
        }
        assertThat(seen).hasSize(20_000);
        assertThat(Secrets.newSecret()).hasSize(43).doesNotStartWith("-");
    }
}
