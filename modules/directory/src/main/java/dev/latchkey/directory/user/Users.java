package dev.latchkey.directory.user;

import dev.latchkey.directory.common.Ids;
import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.common.Times;
import dev.latchkey.tokens.core.DisplayText;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.text.Normalizer;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** The rules for people: sign-up, sign-in and look-up. */
@Singleton
public class Users {
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final Clock clock;

    public Users(UserRepository users, PasswordHasher hasher, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.clock = clock;
    }

    /**
     * An email is an account's identity, so it has exactly one spelling: surrounding white space
     * stripped, lower-cased (mail providers treat addresses case-insensitively) and in Unicode NFC
     * (a precomposed and a decomposed "ó" are one address). Every write and every look-up goes
     * through here, and the stored value is then compared byte for byte (binary collation on
     * MySQL/MariaDB, changeset directory-005): a look-alike such as "bób" or a fullwidth "ｂ" is
     * another address, never this account.
     */
    public static String normalizeEmail(String email) {
        return email == null ? null
                : Normalizer.normalize(email.strip().toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
    }

    @Transactional
    public User signUp(String email, String firstName, String lastName, String password) {
        String normalized = DisplayText.name("email", normalizeEmail(email), User.MAX_EMAIL);
        String first = DisplayText.name("firstName", firstName, User.MAX_NAME);
        String last = DisplayText.name("lastName", lastName, User.MAX_NAME);
        if (users.existsByEmail(normalized)) {
            throw ProblemException.conflict("a user with this email already exists");
        }
        Instant now = Times.now(clock);
        User user = new User(Ids.newId(), normalized, first, last, UserKind.HUMAN,
                UserStatus.ACTIVE, hasher.hash(password), null, now, now);
        return users.save(user);
    }

    /** The human who signs in with this email, whatever its status; service users never sign in. */
    public Optional<User> findHumanByEmail(String email) {
        return findByEmail(email).filter(u -> u.kind() == UserKind.HUMAN);
    }

    /**
     * Whether the password is this human's; for no user the same work is done, so timing tells
     * nothing. The caller decides whether the account may be tried at all ({@link LoginThrottle}).
     */
    public boolean passwordMatches(Optional<User> human, String password) {
        if (human.isEmpty() || human.get().kind() != UserKind.HUMAN) {
            hasher.burnTime();
            return false;
        }
        return hasher.verify(password, human.get().passwordHash());
    }

    /** True when the password is the human's current one (used for {@code X-Confirm-Password}). */
    public boolean passwordMatches(UUID userId, String password) {
        return users.findById(userId)
                .filter(u -> u.kind() == UserKind.HUMAN && u.active())
                .map(u -> hasher.verify(password, u.passwordHash()))
                .orElse(false);
    }

    public Optional<User> find(UUID id) {
        return users.findById(id);
    }

    public Optional<User> findActive(UUID id) {
        return users.findById(id).filter(User::active);
    }

    public Optional<User> findByEmail(String email) {
        return users.findByEmail(normalizeEmail(email));
    }
}
