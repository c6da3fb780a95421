package dev.latchkey.app.tokens;

import dev.latchkey.app.pat.PatClient;
import dev.latchkey.app.pat.PatClient.Person;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the lifecycle contract needs to know about one kind of token: where its tokens live for an
 * owner, and a create body with a grant that allows {@code projects:read} on the owner's project.
 * Everything else the contract checks is the same for every kind.
 */
interface TokenKindFixture {
    /** A workspace admin, its workspace and project, and the collection of tokens it manages there. */
    record Owner(Person admin, String ws, String projectId, String tokens) {
    }

    String kind();

    String prefix();

    String table();

    Owner arrange(PatClient api);

    /** The kind's grant fields; the contract adds the common ones. */
    Map<String, Object> grant(Owner owner);

    /**
     * The user a token of this kind acts as, whose status the kind's admission asks at every use;
     * null for a workspace token, whose subject is its workspace (nothing to suspend).
     */
    String subjectUserId(Owner owner);

    /** A grant that lists {@code self-rotate} besides the usual; every kind can hold it. */
    Map<String, Object> selfRotatingGrant(Owner owner);

    default Map<String, Object> body(Owner owner, Object... common) {
        Map<String, Object> body = new HashMap<>(grant(owner));
        body.put("name", "contract");
        for (int i = 0; i < common.length; i += 2) {
            body.put((String) common[i], common[i + 1]);
        }
        return body;
    }

    static Owner workspaceOwner(PatClient api, java.util.function.BiFunction<Person, String, String> tokens) {
        Person admin = api.person();
        String ws = api.workspace(admin);
        String project = api.project(admin, ws);
        return new Owner(admin, ws, project, tokens.apply(admin, ws));
    }

    TokenKindFixture PERSONAL = new TokenKindFixture() {
        public String kind() {
            return "personal";
        }

        public String prefix() {
            return "lkp_";
        }

        public String table() {
            return "personal_tokens";
        }

        public Owner arrange(PatClient api) {
            return workspaceOwner(api, (admin, ws) -> "/api/user/personal-access-tokens");
        }

        /** Limited to the workspace, so its policy binds the PAT as it binds the workspace's own tokens. */
        public Map<String, Object> grant(Owner owner) {
            return Map.of("scopes", List.of("projects:read"), "workspace", owner.ws());
        }

        public Map<String, Object> selfRotatingGrant(Owner owner) {
            return Map.of("scopes", List.of("projects:read", "self-rotate"), "workspace", owner.ws());
        }

        public String subjectUserId(Owner owner) {
            return owner.admin().id().toString();
        }

        @Override
        public String toString() {
            return kind();
        }
    };

    TokenKindFixture WORKSPACE = new TokenKindFixture() {
        public String kind() {
            return "workspace";
        }

        public String prefix() {
            return "lkw_";
        }

        public String table() {
            return "workspace_tokens";
        }

        public Owner arrange(PatClient api) {
            return workspaceOwner(api, (admin, ws) -> "/api/workspaces/" + ws + "/tokens");
        }

        public Map<String, Object> grant(Owner owner) {
            return Map.of("grant", Map.of("allProjects", "TESTER"));
        }

        public String subjectUserId(Owner owner) {
            return null;
        }

        /** No project role implies self-rotate, so the grant asks for it beside the role. */
        public Map<String, Object> selfRotatingGrant(Owner owner) {
            return Map.of("grant", Map.of("allProjects", "TESTER"), "selfRotate", true);
        }

        @Override
        public String toString() {
            return kind();
        }
    };

    TokenKindFixture SERVICE = new TokenKindFixture() {
        public String kind() {
            return "service";
        }

        public String prefix() {
            return "lks_";
        }

        public String table() {
            return "service_tokens";
        }

        public Owner arrange(PatClient api) {
            return workspaceOwner(api, (admin, ws) -> "/api/users/service/" + api.post("/api/workspaces/" + ws
                    + "/service-users", Map.of("firstName", "Deploy", "lastName", "Bot"), admin.bearer()).string("id")
                    + "/personal-access-tokens");
        }

        public Map<String, Object> grant(Owner owner) {
            return Map.of("permissions", List.of("projects:read"), "allProjects", true);
        }

        public Map<String, Object> selfRotatingGrant(Owner owner) {
            return Map.of("permissions", List.of("projects:read", "self-rotate"), "allProjects", true);
        }

        /** The service user, named in the tokens' path: /api/users/service/{id}/personal-access-tokens. */
        public String subjectUserId(Owner owner) {
            return owner.tokens().split("/")[4];
        }

        @Override
        public String toString() {
            return kind();
        }
    };
}
