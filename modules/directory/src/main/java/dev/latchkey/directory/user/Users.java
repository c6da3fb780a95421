package dev.latchkey.directory.user;

import dev.latchkey.directory.common.Ids;
import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.common.Times;
import dev.latchkey.tokens.core.DisplayText;
import io.micronaut.transaction.annotation.Transactional;
import io.micronaut.data.model.Pageable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Collection;
import java.util.List;
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

    /** Emails are compared case-insensitively, as every mail provider does. */
    public static String normalizeEmail(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
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

    /** The human whose password matches; the same work is done for an unknown email, so timing tells nothing. */
    public Optional<User> authenticate(String email, String password) {
        Optional<User> user = users.findByEmail(normalizeEmail(email))
                .filter(u -> u.kind() == UserKind.HUMAN);
        if (user.isEmpty()) {
            hasher.burnTime();
            return Optional.empty();
        }
        if (!hasher.verify(password, user.get().passwordHash())) {
            return Optional.empty();
        }
        return user.filter(User::active);
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

    // ---- service users: their rules live in the service-tokens module, their rows here ----

    @Transactional
    public User insertServiceUser(User user) {
        if (user.kind() != UserKind.SERVICE || user.workspaceId() == null) {
            throw new IllegalArgumentException("not a service user of a workspace");
        }
        return users.save(user);
    }

    /** A changed service user (names, status); humans change through their own routes. */
    @Transactional
    public User updateServiceUser(User user) {
        if (user.kind() != UserKind.SERVICE) {
            throw new IllegalArgumentException("not a service user");
        }
        return users.update(user);
    }

    public Optional<User> findServiceUser(UUID id, UUID workspaceId) {
        return users.findByIdAndWorkspaceIdAndKind(id, workspaceId, UserKind.SERVICE);
    }

    /** One page of a workspace's service users among the given statuses, in creation order. */
    public List<User> serviceUsersOf(UUID workspaceId, Collection<UserStatus> statuses, UUID after, int limit) {
        return users.findByWorkspaceIdAndKindAndStatusInAndIdGreaterThanOrderById(workspaceId, UserKind.SERVICE,
                statuses, after, Pageable.from(0, limit));
    }
}
