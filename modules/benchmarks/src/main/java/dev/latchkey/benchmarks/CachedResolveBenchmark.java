package dev.latchkey.benchmarks;

import dev.latchkey.authz.AuthorizationEngine;
import dev.latchkey.authz.CheckRequest;
import dev.latchkey.authz.Decision;
import dev.latchkey.authz.Permission;
import dev.latchkey.authz.ProjectRole;
import dev.latchkey.authz.Resource;
import dev.latchkey.authz.WorkspaceRole;
import dev.latchkey.directory.access.SubjectRights;
import dev.latchkey.directory.cluster.ClusterSettings;
import dev.latchkey.directory.cluster.InvalidationJournal;
import dev.latchkey.directory.cluster.JournalRepository;
import dev.latchkey.directory.common.AfterCommit;
import dev.latchkey.directory.governance.PersonalTokenAccessRepository;
import dev.latchkey.directory.governance.PersonalTokenAccesses;
import io.micronaut.transaction.TransactionOperations;
import dev.latchkey.directory.member.Membership;
import dev.latchkey.directory.member.MembershipRepository;
import dev.latchkey.directory.member.ProjectRoleAssignment;
import dev.latchkey.directory.member.ProjectRoleRepository;
import dev.latchkey.directory.policy.StoredPolicyRepository;
import dev.latchkey.directory.policy.WorkspacePolicies;
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
import dev.latchkey.pat.persistence.PersonalTokenRepository;
import dev.latchkey.tokens.core.IssuedToken;
import dev.latchkey.tokens.core.RequestContext;
import dev.latchkey.tokens.core.TokenFormat;
import dev.latchkey.tokens.core.TokenHasher;
import dev.latchkey.tokens.core.TokenIssuer;
import dev.latchkey.tokens.core.TokenKind;
import dev.latchkey.tokens.core.TokenResolution;
import dev.latchkey.tokens.core.TokenSecrets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

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
import java.util.concurrent.TimeUnit;

/**
 * The whole guard for a token already in the per-node cache: parse and checksum, peppered hash,
 * cache hit, revocation/expiry/IP checks, the user's (cached) rights, and the engine's check. The
 * repositories are in-memory stand-ins: any database access here would show up as a miss.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class CachedResolveBenchmark {
    private PersonalTokenResolver resolver;
    private String token;
    private RequestContext context;
    private Resource.Project project;
    private final AuthorizationEngine engine = new AuthorizationEngine();

    @Setup
    public void setUp() {
        UUID workspace = UUID.randomUUID();
        UUID projectId = UUID.randomUUID();
        UUID userId = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TokenIssuer issuer = new TokenIssuer(new TokenSecrets(new SecureRandom()),
                new TokenHasher("a benchmark pepper that is long enough to use".getBytes(StandardCharsets.UTF_8)));
        IssuedToken issued = issuer.issue(TokenKind.PERSONAL);
        token = issued.token();
        PersonalToken row = new PersonalToken(UUID.randomUUID(), userId, "bench", null, issued.hash(), issued.hint(),
                "projects:read pipelines:run", null, "10.0.0.0/8,127.0.0.1", now, now, now, now.plus(30, ChronoUnit.DAYS),
                null, null, null);
        User user = new User(userId, "bench@example.com", "Ben", "Ch", UserKind.HUMAN, UserStatus.ACTIVE, "x", null, now, now);
        Membership membership = new Membership(UUID.randomUUID(), workspace, userId, WorkspaceRole.MEMBER, now, now);
        ProjectRoleAssignment role = new ProjectRoleAssignment(UUID.randomUUID(), workspace, userId, projectId, ProjectRole.DEVELOPER);

        PersonalTokenRepository tokens = stub(PersonalTokenRepository.class, Map.of("findByTokenHash", Optional.of(row)));
        MembershipRepository memberships = stub(MembershipRepository.class, Map.of("findByUserId", List.of(membership)));
        ProjectRoleRepository projectRoles = stub(ProjectRoleRepository.class, Map.of("findByUserId", List.of(role)));
        UserRepository users = stub(UserRepository.class, Map.of("findById", Optional.of(user)));
        TokenSettings ttl = new TokenSettings(Duration.ofSeconds(5));
        AfterCommit afterCommit = new AfterCommit(stub(TransactionOperations.class, Map.of("findTransactionStatus", Optional.empty())),
                new InvalidationJournal(stub(JournalRepository.class, Map.of()), Clock.systemUTC(), ttl, new ClusterSettings(Duration.ofHours(1))));
        resolver = new PersonalTokenResolver(tokens, issuer, new SubjectRights(memberships, projectRoles, afterCommit, ttl),
                new ActiveUsers(new Users(users, new PasswordHasher(), Clock.systemUTC()), afterCommit, ttl),
                new WorkspacePolicies(stub(StoredPolicyRepository.class, Map.of("findById", Optional.empty())), null, null,
                        afterCommit, null, Clock.systemUTC(), ttl),
                afterCommit, ttl, Clock.systemUTC(),
                new PersonalTokenAccesses(stub(PersonalTokenAccessRepository.class, Map.of("findByTokenId", List.of())),
                        null, null, afterCommit, ttl, Clock.systemUTC()));
        context = new RequestContext("127.0.0.1", Instant.now());
        project = new Resource.Project(workspace, projectId);
        if (!(resolver.resolve(TokenFormat.parse(token), context) instanceof TokenResolution.Accepted)) {
            throw new IllegalStateException("the benchmark token must be accepted");
        }
    }

    @Benchmark
    public TokenResolution resolveCachedToken() {
        return resolver.resolve(TokenFormat.parse(token), context);
    }

    @Benchmark
    public Decision resolveAndCheck() {
        TokenResolution.Accepted accepted = (TokenResolution.Accepted) resolver.resolve(TokenFormat.parse(token), context);
        return engine.check(new CheckRequest(accepted.principal(), Permission.PIPELINES_RUN, project));
    }

    @SuppressWarnings("unchecked")
    private static <T> T stub(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            if (answers.containsKey(method.getName())) {
                return answers.get(method.getName());
            }
            if (method.getName().equals("toString")) {
                return "stub " + type.getSimpleName();
            }
            throw new UnsupportedOperationException(method.getName());
        });
    }
}
