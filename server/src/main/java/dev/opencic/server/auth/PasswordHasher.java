package dev.opencic.server.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.nio.CharBuffer;

/**
 * Password hashing with argon2id (password4j). The default cost — 19 MiB of memory, 3 passes, one
 * lane — takes roughly 50-60 ms on a small 2-core server, at or above the OWASP minimum for
 * argon2id (19 MiB, 2 passes). Verification reads the parameters back from the stored hash, so
 * raising the cost later keeps old hashes valid. Not final so tests can observe it.
 */
public class PasswordHasher {

    public static final int DEFAULT_MEMORY_KIB = 19_456;
    public static final int DEFAULT_ITERATIONS = 3;
    private static final int PARALLELISM = 1;
    private static final int OUTPUT_BYTES = 32;
    private static final int SALT_BYTES = 16;

    private final Argon2Function function;

    public PasswordHasher() {
        this(DEFAULT_MEMORY_KIB, DEFAULT_ITERATIONS);
    }

    public PasswordHasher(int memoryKib, int iterations) {
        this.function = Argon2Function.getInstance(memoryKib, iterations, PARALLELISM, OUTPUT_BYTES,
                                                   Argon2.ID);
    }

    /** An encoded {@code $argon2id$...} hash with a fresh random salt. */
    public String hash(char[] password) {
        return Password.hash(CharBuffer.wrap(password)).addRandomSalt(SALT_BYTES).with(function).getResult();
    }

    /**
     * Whether {@code password} matches {@code encodedHash} (password4j compares the digests in
     * constant time). A malformed stored hash simply does not match.
     */
    public boolean verify(char[] password, String encodedHash) {
        try {
            Argon2Function stored = Argon2Function.getInstanceFromHash(encodedHash);
            return Password.check(CharBuffer.wrap(password), encodedHash).with(stored);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
