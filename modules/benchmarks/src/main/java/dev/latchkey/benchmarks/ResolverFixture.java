package dev.latchkey.benchmarks;

import dev.latchkey.authz.ProjectRole;
import dev.latchkey.authz.WorkspaceRole;
import dev.latchkey.directory.access.SubjectRights;
import dev.latchkey.directory.cluster.ClusterSettings;
import dev.latchkey.directory.cluster.InvalidationJournal;
import dev.latchkey.directory.cluster.JournalRepository;
import dev.latchkey.directory.common.AfterCommit;
import dev.latchkey.directory.member.Membership;
import dev.latchkey.directory.member.MembershipRepository;
import dev.latchkey.directory.member.ProjectRoleAssignment;
import dev.latchkey.directory.member.ProjectRoleRepository;
import dev.latchkey.directory.policy.StoredPolicyRepository;
import dev.latchkey.directory.policy.WorkspacePolicies;
import dev.latchkey.directory.tokens.TokenColumns;
import dev.latchkey.directory.tokens.TokenSettings;
import dev.latchkey.directory.user.ActiveUsers;
import dev.latchkey.directory.user.PasswordHasher;
import dev.latchkey.directory.user.User;
import dev.latchkey.directory.user.UserKind;
import dev.latchkey.directory.user.UserRepository;
import dev.latchkey.directory.user.UserStatus;
import dev.latchkey.directory.user.Users;
import dev.latchkey.pat.application.PersonalTokenResolver;
import dev.latchkey.pat.model.PersonalToken;
import dev.latchkey.pat.persistence.PersonalTokenLookUps;
import dev.latchkey.tokens.core.IssuedToken;
import dev.latchkey.tokens.core.TokenHasher;
import dev.latchkey.tokens.core.TokenIssuer;
import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.tokens.core.TokenSecrets;
import dev.latchkey.tokens.core.TokenTable;
import io.micronaut.transaction.TransactionOperations;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The PAT resolver as the app wires it (caches, user status, rights, workspace policy), over
 * in-memory repositories: every user is a member of one workspace with a developer role on one
 * project. The stored rows live in a static table, so that a heap walk from the resolver
 * ({@link CacheFootprint}) counts what the caches keep and not the stand-in database.
 */
final class ResolverFixture {
    /** The stand-in database: token rows by hash and users by id; deliberately not reachable from the resolver. */
    private static final Map<String, PersonalToken> TOKENS = new ConcurrentHashMap<>();
    private static final Map<UUID, User> USERS = new ConcurrentHashMap<>();

    final UUID workspace = UUID.randomUUID();
    final UUID project = UUID.randomUUID();
    final TokenIssuer issuer = new TokenIssuer(new TokenSecrets(new SecureRandom()),
            new TokenHasher("a benchmark pepper that is long enough to use".getBytes(StandardCharsets.UTF_8)));
    final PersonalTokenResolver resolver;
    final SubjectRights rights;
    final ActiveUsers activeUsers;
    final WorkspacePolicies policies;

    ResolverFixture() {
        TokenSettings ttl = new TokenSettings(Duration.ofMinutes(5), Duration.ofDays(7));
        AfterCommit afterCommit = new AfterCommit(stub(TransactionOperations.class, Map.of("findTransactionStatus", a -> Optional.empty())),
                new InvalidationJournal(stub(JournalRepository.class, Map.of()), Clock.systemUTC(), ttl, new ClusterSettings(Duration.ofHours(1)), new io.micrometer.core.instrument.simple.SimpleMeterRegistry()), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        UUID ws = workspace;
        UUID pr = project;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        rights = new SubjectRights(
                stub(MembershipRepository.class, Map.of("findByUserId", a -> List.of(
                        new Membership(UUID.randomUUID(), ws, (UUID) a[0], WorkspaceRole.MEMBER, now, now)))),
                stub(ProjectRoleRepository.class, Map.of("findByUserId", a -> List.of(
                        new ProjectRoleAssignment(UUID.randomUUID(), ws, (UUID) a[0], pr, ProjectRole.DEVELOPER)))),
                afterCommit, ttl);
        activeUsers = new ActiveUsers(new Users(stub(UserRepository.class, Map.of("findById", a -> Optional.ofNullable(USERS.get((UUID) a[0])))),
                new PasswordHasher(), Clock.systemUTC()), afterCommit, ttl);
        policies = new WorkspacePolicies(stub(StoredPolicyRepository.class, Map.of("findById", a -> Optional.empty())), null, null,
                afterCommit, null, Clock.systemUTC(), ttl);
        resolver = new PersonalTokenResolver(
                stub(TokenTable.class, Map.of("findByTokenHash", a -> Optional.ofNullable(TOKENS.get((String) a[0])))),
                issuer, rights, activeUsers, policies, afterCommit, ttl, dev.latchkey.tokens.core.SupersededSecrets.NONE, Clock.systemUTC(),
                new dev.latchkey.directory.governance.PersonalTokenAccesses(stub(
                        dev.latchkey.directory.governance.PersonalTokenAccessRepository.class,
                        Map.of("findByTokenId", a -> List.of())), null, null, afterCommit, Clock.systemUTC()),
                // the look-up a miss makes: the row with its workspace states (none here), one query
                stub(PersonalTokenLookUps.class, Map.of("byHash", a -> Optional.ofNullable(TOKENS.get((String) a[0]))
                        .map(t -> new PersonalTokenLookUps.WithAccess(t, Map.of())))));
    }

    /** A new user (active, member of the workspace, developer on the project). */
    UUID newUser() {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        USERS.put(id, new User(id, id + "@example.com", "Ben", "Ch", UserKind.HUMAN, UserStatus.ACTIVE, "x", null, now, now));
        return id;
    }

    /** A stored personal token of {@code user}, restricted to private addresses; returns its secret. */
    String newToken(UUID user) {
        return newToken(user, "10.0.0.0/8,127.0.0.1");
    }

    /** A stored personal token of {@code user} with these stored IP restrictions (null: none); returns its secret. */
    String newToken(UUID user, String ipRestrictions) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        IssuedToken issued = issuer.issue(TokenKind.PERSONAL);
        TOKENS.put(issued.hash(), new PersonalToken(UUID.randomUUID(), user, "projects:read pipelines:run", null,
                new TokenColumns("bench", null, issued.hash(), issued.hint(), ipRestrictions, now, now, now,
                        now.plus(30, ChronoUnit.DAYS), null, null, null, null, null)));
        return issued.token();
    }

    /** Forgets the stand-in database (the caches keep what they read). */
    static void clearStore() {
        TOKENS.clear();
        USERS.clear();
    }

    @SuppressWarnings("unchecked")
    private static <T> T stub(Class<T> type, Map<String, Function<Object[], Object>> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            Function<Object[], Object> answer = answers.get(method.getName());
            if (answer != null) {
                return answer.apply(args);
            }
            if (method.getName().equals("toString")) {
                return "stub " + type.getSimpleName();
            }
            throw new UnsupportedOperationException(method.getName());
        });
    }
}
