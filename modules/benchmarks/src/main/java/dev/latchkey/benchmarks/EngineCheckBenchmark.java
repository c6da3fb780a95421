package dev.latchkey.benchmarks;

import dev.latchkey.authz.AuthorizationEngine;
import dev.latchkey.authz.CheckRequest;
import dev.latchkey.authz.Decision;
import dev.latchkey.authz.Grant;
import dev.latchkey.authz.Grants;
import dev.latchkey.authz.Permission;
import dev.latchkey.authz.Principal;
import dev.latchkey.authz.PrincipalKind;
import dev.latchkey.authz.ProjectRole;
import dev.latchkey.authz.Resource;
import dev.latchkey.authz.Rights;
import dev.latchkey.authz.Scope;
import dev.latchkey.authz.WorkspaceRole;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code AuthorizationEngine.check} for a member holding 1, 100 or 10,000 project roles, asked
 * about the last project (a linear scan would be slowest there), as a session and as a PAT whose
 * scopes are intersected with the member's rights.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class EngineCheckBenchmark {
    @Param({"1", "100", "10000"})
    public int projectGrants;

    private final AuthorizationEngine engine = new AuthorizationEngine();
    private CheckRequest asSession;
    private CheckRequest asToken;

    @Setup
    public void setUp() {
        UUID workspace = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        Map<UUID, ProjectRole> roles = new HashMap<>();
        UUID last = null;
        for (int i = 0; i < projectGrants; i++) {
            last = UUID.randomUUID();
            roles.put(last, ProjectRole.DEVELOPER);
        }
        List<Grant> grants = new ArrayList<>(Grants.forMembership(workspace, WorkspaceRole.MEMBER, roles));
        grants.add(Grants.self(user));
        Rights rights = Rights.of(grants);
        Resource.Project target = new Resource.Project(workspace, last);
        asSession = new CheckRequest(Principal.session(user, rights), Permission.PIPELINES_RUN, target);
        Rights ceiling = Rights.of(Grants.permissionsOn(new Scope.Global(),
                EnumSet.of(Permission.PIPELINES_RUN, Permission.PROJECTS_READ), "token scopes"));
        asToken = new CheckRequest(Principal.token(PrincipalKind.PERSONAL_TOKEN, user, UUID.randomUUID(), rights, ceiling),
                Permission.PIPELINES_RUN, target);
    }

    @Benchmark
    public Decision sessionCheck() {
        return engine.check(asSession);
    }

    @Benchmark
    public Decision tokenCheck() {
        return engine.check(asToken);
    }
}
