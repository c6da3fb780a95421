package dev.latchkey.directory.user;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import jakarta.inject.Singleton;

/**
 * Argon2id through Password4j (a maintained library; no hand-written crypto). Parameters follow
 * OWASP's second recommended profile (19 MiB, 2 iterations, 1 lane), about 30 ms on one core.
 */
@Singleton
public class PasswordHasher {
    private static final Argon2Function ARGON2ID = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);
    /**
     * Verified against when the user is unknown, so a missing account costs as long as a wrong
     * password: an Argon2id hash with {@link #ARGON2ID}'s parameters (of a phrase nobody uses), a
     * constant so that start-up does not spend an Argon2 run on it (docs/performance.md).
     */
    private static final String DECOY = "$argon2id$v=19$m=19456,t=2,p=1$z1aur+h7DaK5OsiDoIeQ4A$7JcrBratcmBkHa/WxjgelUksf6uSXxsmk21h5qJj/2A";

    public String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult();
    }

    public boolean verify(String password, String hash) {
        if (password == null || hash == null) {
            Password.check("x", DECOY).with(ARGON2ID);
            return false;
        }
        return Password.check(password, hash).with(ARGON2ID);
    }

    public void burnTime() {
        Password.check("x", DECOY).with(ARGON2ID);
    }
}
