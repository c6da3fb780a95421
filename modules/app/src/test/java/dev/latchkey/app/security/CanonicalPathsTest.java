package dev.latchkey.app.security;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one rule of what a canonical path is; PathSpellingLimitsTest shows it over HTTP. */
class CanonicalPathsTest {
    @Test
    void theCanonicalFormIsDecidedByOneRule() {
        for (String ok : List.of("/", "/login", "/api/signup", "/api/workspaces/a%40b/projects", "/assets/js/app.js",
                "/a.b/c..d/.e", "/a%20b", "/a%C3%A9", "/a%25")) {
            assertNull(CanonicalPaths.problem(ok), ok);
        }
        for (String bad : List.of("", "login", "/login/", "//login", "/a//b", "/a/./b", "/a/../b", "/..", "/.", "/a;b",
                "/a\\b", "/%6Cogin", "/a%2Fb", "/a%5Cb", "/a%2e%2e/b", "/a%00", "/a%1f", "/a%7F", "/a%", "/a%4", "/a%g0",
                "/api/x%2Ey")) {
            assertTrue(CanonicalPaths.problem(bad) != null, () -> "accepted " + bad);
        }
    }
}
