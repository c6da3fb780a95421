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
    /**
     * Password4j's set-up (its properties, its Argon2 function) took ~90 ms of start-up's main thread
     * when it was a field of this class, which the context creates at start-up; held here, it is
     * made at the first hash or check instead (docs/performance.md, start-up).
     */
    private static final class Argon2id {
        static final Argon2Function FUNCTION = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);
    }

    /**
     * Verified against when the user is unknown, so a missing account costs as long as a wrong
     * password: an Argon2id hash with {@link Argon2id#FUNCTION}'s parameters (of a phrase nobody
     * uses), a constant so that start-up does not spend an Argon2 run on it (docs/performance.md).
     */
    private static final String DECOY = "$argon2id$v=19$m=19456,t=2,p=1$z1aur+h7DaK5OsiDoIeQ4A$7JcrBratcmBkHa/WxjgelUksf6uSXxsmk21h5qJj/2A";

    public String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(Argon2id.FUNCTION).getResult();
    }

    public boolean verify(String password, String hash) {
        if (password == null || hash == null) {
            Password.check("x", DECOY).with(Argon2id.FUNCTION);
            return false;
        }
        return Password.check(password, hash).with(Argon2id.FUNCTION);
    }

    public void burnTime() {
        Password.check("x", DECOY).with(Argon2id.FUNCTION);
    }
}
