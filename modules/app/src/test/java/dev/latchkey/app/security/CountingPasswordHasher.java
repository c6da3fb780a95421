package dev.latchkey.app.security;

import dev.latchkey.directory.user.PasswordHasher;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.concurrent.atomic.AtomicInteger;

/** The real hasher, counting how often a password hash is computed or checked (for tests that say "no hash ran"). */
@Singleton
@Replaces(PasswordHasher.class)
@Requires(property = CountingPasswordHasher.PROPERTY, value = "true")
public class CountingPasswordHasher extends PasswordHasher {
    public static final String PROPERTY = "latchkey.test.count-password-hashes";

    /** Static: the parent's constructor hashes its decoy before this class's fields exist. */
    private static final AtomicInteger RUNS = new AtomicInteger();

    public int runs() {
        return RUNS.get();
    }

    @Override
    public String hash(String password) {
        RUNS.incrementAndGet();
        return super.hash(password);
    }

    @Override
    public boolean verify(String password, String hash) {
        RUNS.incrementAndGet();
        return super.verify(password, hash);
    }

    @Override
    public void burnTime() {
        RUNS.incrementAndGet();
        super.burnTime();
    }
}
