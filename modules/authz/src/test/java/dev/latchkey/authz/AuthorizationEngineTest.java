package dev.latchkey.authz;

import static dev.latchkey.authz.DecisionMatrix.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class AuthorizationEngineTest {

    private static final UUID W1 = id("W1");
    private static final UUID W2 = id("W2");
    private static final UUID P1 = id("P1");
    private static final UUID P2 = id("P2");
    private static final UUID U1 = id("U1");
    private static final Resource.Project PROJECT = new Resource.Project(W1, P1);

    private final AuthorizationEngine engine = new AuthorizationEngine();

    private static Principal member(Map<UUID, ProjectRole> projectRoles) {
        List<Grant> grants = new ArrayList<>(Grants.forMembership(W1, WorkspaceRole.MEMBER, projectRoles));
        grants.add(Grants.self(U1));
        return Principal.session(U1, Rights.of(grants));
    }

    private Decision check(Principal principal, Permission permission, Resource resource) {
        return engine.check(new CheckRequest(principal, permission, resource));
    }

    @Test
    void selfRotateIsHeldOnlyByATokenWhoseOwnGrantListsItNeverThroughARole() {
        assertFalse(Permission.OWNER.closure().contains(Permission.SELF_ROTATE));
        Principal owner = member(Map.of(P1, ProjectRole.OWNER));
        assertFalse(engine.tokenGrantHolds(owner, Permission.SELF_ROTATE), "a session holds no token permission");
        Principal ownersToken = Principal.token(PrincipalKind.PERSONAL_TOKEN, U1, id("T1"), owner.subjectRights(),
                Rights.of(Grants.permissionsOn(new Scope.Global(), Set.of(Permission.OWNER), "token scopes")));
        assertFalse(engine.tokenGrantHolds(ownersToken, Permission.SELF_ROTATE), "owner does not imply it");
        Principal rotator = Principal.token(PrincipalKind.PERSONAL_TOKEN, U1, id("T2"), owner.subjectRights(),
                Rights.of(Grants.permissionsOn(new Scope.Global(), Set.of(Permission.PROJECTS_READ,
                        Permission.SELF_ROTATE), "token scopes")));
        assertTrue(engine.tokenGrantHolds(rotator, Permission.SELF_ROTATE));
    }

    @Test
    void aWorkspaceTokensSelfRotateBesideItsRolesIsFoundByTheSameRuleAndReachesNothingMore() {
        List<Grant> roles = Grants.projectRoles(W1, Map.of(P1, ProjectRole.TESTER));
        List<Grant> withSelfRotate = new ArrayList<>(roles);
        withSelfRotate.add(Grants.aboutTheToken(W1, Set.of(Permission.SELF_ROTATE)));
        Principal plain = Principal.token(PrincipalKind.WORKSPACE_TOKEN, W1, id("T3"), Rights.of(roles), Rights.of(roles));
        Principal rotator = Principal.token(PrincipalKind.WORKSPACE_TOKEN, W1, id("T4"), Rights.of(withSelfRotate),
                Rights.of(withSelfRotate));
        assertFalse(engine.tokenGrantHolds(plain, Permission.SELF_ROTATE));
        assertTrue(engine.tokenGrantHolds(rotator, Permission.SELF_ROTATE));
        for (Resource resource : List.of(new Resource.Workspace(W1), new Resource.Project(W1, P1), new Resource.Project(W1, P2),
                new Resource.AllProjects(W1))) {
            assertEquals(engine.reaches(plain, resource), engine.reaches(rotator, resource), resource::toString);
            Set<Permission> more = new java.util.HashSet<>(engine.effective(rotator, resource));
            more.removeAll(engine.effective(plain, resource));
            more.remove(Permission.SELF_ROTATE);
            assertEquals(Set.of(), more, "self-rotate adds no right on " + resource);
        }
        assertThrows(IllegalArgumentException.class, () -> Grants.aboutTheToken(W1, Set.of(Permission.PROJECTS_READ)),
                "only permissions about the token itself");
    }

    @Test
    void aDeveloperMayRunPipelinesButNotManageThem() {
        Principal developer = member(Map.of(P1, ProjectRole.DEVELOPER));
        assertTrue(check(developer, Permission.PIPELINES_RUN, PROJECT).allowed());
        Decision manage = check(developer, Permission.PIPELINES_MANAGE, PROJECT);
        assertFalse(manage.allowed());
        assertEquals(Reason.MISSING_PERMISSION, manage.reason());
        assertTrue(manage.visible(), "a developer may learn that the project exists");
    }

    @Test
    void anAllowedDecisionNamesTheGrantThatSuppliedIt() {
        Decision decision = check(member(Map.of(P1, ProjectRole.DEVELOPER)), Permission.PIPELINES_READ, PROJECT);
        assertEquals("project role DEVELOPER on " + P1, decision.grant());
        assertEquals(Permission.PIPELINES_READ, decision.permission());
        assertEquals(PROJECT, decision.resource());
    }

    @Test
    void aTokenRefusedForItsSubjectNamesTheTokenGrantThatWouldHaveAllowedIt() {
        Principal pat = Principal.token(PrincipalKind.PERSONAL_TOKEN, U1, id("T1"),
                member(Map.of(P1, ProjectRole.TESTER)).subjectRights(),
                Rights.of(Grants.permissionsOn(new Scope.Project(W1, P1), Set.of(Permission.PIPELINES_RUN), "token scopes")));
        Decision decision = check(pat, Permission.PIPELINES_RUN, PROJECT);
        assertEquals(Reason.SUBJECT_LACKS_RIGHT, decision.reason());
        assertEquals("token scopes", decision.grant());
        assertEquals("subject_lacks_right", decision.reason().code());
    }

    @Test
    void aRefusalForAnInvisibleResourceIsReportedAsNotFoundAndNamesNoGrant() {
        Decision decision = check(member(Map.of(P1, ProjectRole.OWNER)), Permission.PROJECTS_READ, new Resource.Project(W2, P2));
        assertEquals(Reason.NO_ACCESS, decision.reason());
        assertFalse(decision.visible());
        assertNull(decision.grant());
    }

    @Test
    void explainReachesTheSameDecisionAsCheckForEveryCaseOfTheMatrix() {
        for (Path file : DecisionMatrix.files()) {
            for (DecisionMatrix.Case c : DecisionMatrix.load(file)) {
                CheckRequest request = new CheckRequest(c.principal(), c.permission(), c.resource());
                Explanation explanation = engine.explain(request);
                assertEquals(engine.check(request), explanation.decision());
                assertTrue(explanation.trace().get(explanation.trace().size() - 1).contains(c.expected().code()));
            }
        }
    }

    @Test
    void explainShowsTheGrantsOfBothSidesAndTheirIntersection() {
        Principal pat = Principal.token(PrincipalKind.PERSONAL_TOKEN, U1, id("T1"),
                member(Map.of(P1, ProjectRole.TESTER)).subjectRights(),
                Rights.of(Grants.permissionsOn(new Scope.Project(W1, P1),
                        Set.of(Permission.PIPELINES_RUN, Permission.BRANCHES), "token scopes")));
        List<String> trace = engine.explain(new CheckRequest(pat, Permission.PIPELINES_RUN, PROJECT)).trace();
        String all = String.join("\n", trace);
        assertTrue(all.contains("subject grant \"project role TESTER on " + P1 + "\""), all);
        assertTrue(all.contains("token ceiling grant \"token scopes\""), all);
        assertTrue(all.contains("effective (subject ∩ ceiling): [pipelines:read, branches]"), all);
        assertTrue(all.endsWith("but its subject does not hold it now"), all);
    }

    @Test
    void aTokensEffectiveRightsAreItsGrantIntersectedWithItsSubjectsRights() {
        Principal pat = Principal.token(PrincipalKind.PERSONAL_TOKEN, U1, id("T1"),
                member(Map.of(P1, ProjectRole.DEVELOPER)).subjectRights(),
                Rights.of(Grants.permissionsOn(new Scope.Global(), Set.of(Permission.PIPELINES_MANAGE), "token scopes")));
        assertEquals(EnumSet.of(Permission.PIPELINES_RUN, Permission.PIPELINES_READ), engine.effective(pat, PROJECT));
        assertEquals(Set.of(), engine.effective(pat, new Resource.Project(W1, P2)));
        assertTrue(engine.reaches(pat, PROJECT));
        assertFalse(engine.reaches(pat, new Resource.Project(W1, P2)));
    }

    @Test
    void aSessionSeesWhatItsRightsReachAndNothingElse() {
        Principal member = member(Map.of(P1, ProjectRole.TESTER));
        assertTrue(engine.reaches(member, new Resource.Workspace(W1)));
        assertTrue(engine.reaches(member, PROJECT));
        assertTrue(engine.reaches(member, new Resource.User(U1)));
        assertFalse(engine.reaches(member, new Resource.Project(W1, P2)));
        assertFalse(engine.reaches(member, new Resource.Workspace(W2)));
    }

    /*
     * check() takes a fast path (bit tests on pre-expanded sets) and effective() the set path; a
     * seeded random walk over grants keeps the two telling the same story for every question.
     */
    @Test
    void checkAgreesWithTheEffectiveSetsForRandomGrants() {
        Random random = new Random(20240601L);
        List<UUID> workspaces = List.of(W1, W2);
        List<UUID> projects = List.of(P1, P2);
        List<Resource> resources = List.of(new Resource.Workspace(W1), new Resource.Workspace(W2),
                new Resource.Project(W1, P1), new Resource.Project(W1, P2), new Resource.Project(W2, P1),
                new Resource.User(U1), new Resource.User(id("U2")));
        for (int round = 0; round < 300; round++) {
            Rights subject = randomRights(random, workspaces, projects);
            Rights ceiling = randomRights(random, workspaces, projects);
            Principal principal = random.nextBoolean()
                    ? Principal.session(U1, subject)
                    : Principal.token(PrincipalKind.PERSONAL_TOKEN, U1, id("T" + round), subject, ceiling);
            for (Resource resource : resources) {
                Set<Permission> effective = engine.effective(principal, resource);
                for (Permission permission : Permission.catalogue()) {
                    Decision decision = check(principal, permission, resource);
                    assertEquals(effective.contains(permission), decision.allowed(),
                            () -> permission + " on " + resource + " for " + principal);
                    if (decision.reason() == Reason.NO_ACCESS) {
                        assertFalse(engine.reaches(principal, resource));
                    }
                    if (decision.allowed()) {
                        assertTrue(decision.grant() != null);
                    }
                }
            }
        }
    }

    @Test
    void checksGiveTheSameAnswersFromManyThreadsAtOnce() throws Exception {
        Principal developer = member(Map.of(P1, ProjectRole.DEVELOPER));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(pool.submit(() -> {
                    for (int j = 0; j < 10_000; j++) {
                        if (!check(developer, Permission.PIPELINES_RUN, PROJECT).allowed()
                                || check(developer, Permission.PIPELINES_MANAGE, PROJECT).allowed()) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /* Speed is measured by the JMH benchmarks, not here; this pins the answers at that size. */
    @Test
    void aPrincipalWithTenThousandProjectGrantsIsAnsweredPerProject() {
        Map<UUID, ProjectRole> roles = new java.util.HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            roles.put(id("bulk-" + i), i % 2 == 0 ? ProjectRole.DEVELOPER : ProjectRole.TESTER);
        }
        Principal many = member(roles);
        assertTrue(engine.check(new CheckRequest(many, Permission.PIPELINES_RUN, new Resource.Project(W1, id("bulk-9998")))).allowed());
        assertEquals(Reason.MISSING_PERMISSION,
                engine.check(new CheckRequest(many, Permission.PIPELINES_RUN, new Resource.Project(W1, id("bulk-9999")))).reason());
        assertEquals(Reason.NO_ACCESS,
                engine.check(new CheckRequest(many, Permission.PIPELINES_READ, new Resource.Project(W1, id("bulk-10000")))).reason());
    }

    @Test
    void aSessionCannotCarryATokenCeilingAndATokenMustCarryOne() {
        Rights rights = Rights.none();
        assertThrows(IllegalArgumentException.class,
                () -> new Principal(PrincipalKind.USER_SESSION, U1, id("T1"), rights, rights));
        assertThrows(NullPointerException.class,
                () -> Principal.token(PrincipalKind.SERVICE_TOKEN, U1, id("T1"), rights, null));
        assertThrows(IllegalArgumentException.class,
                () -> Principal.token(PrincipalKind.USER_SESSION, U1, id("T1"), rights, rights));
        assertFalse(Principal.session(U1, rights).isToken());
    }

    @Test
    void aDecisionCannotBeAllowedForAReasonOfRefusal() {
        assertThrows(IllegalArgumentException.class,
                () -> new Decision(true, Reason.MISSING_PERMISSION, Permission.OWNER, PROJECT, null));
    }

    @Test
    void everyReasonHasItsPublishedCode() {
        assertEquals(List.of("allowed", "no_access", "missing_permission", "outside_token_scope",
                        "subject_lacks_right", "permission_not_applicable"),
                java.util.Arrays.stream(Reason.values()).map(Reason::code).toList());
    }

    private static Rights randomRights(Random random, List<UUID> workspaces, List<UUID> projects) {
        List<Grant> grants = new ArrayList<>();
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            UUID workspace = workspaces.get(random.nextInt(workspaces.size()));
            Scope scope = switch (random.nextInt(5)) {
                case 0 -> new Scope.Global();
                case 1 -> new Scope.Workspace(workspace);
                case 2 -> new Scope.AllProjects(workspace);
                case 3 -> new Scope.Project(workspace, projects.get(random.nextInt(projects.size())));
                default -> new Scope.User(U1);
            };
            Set<Permission> permissions = EnumSet.noneOf(Permission.class);
            int size = random.nextInt(4);
            for (int j = 0; j < size; j++) {
                permissions.add(Permission.catalogue().get(random.nextInt(Permission.catalogue().size())));
            }
            grants.add(new Grant(scope, permissions, "random grant " + i));
        }
        return Rights.of(grants);
    }
}
