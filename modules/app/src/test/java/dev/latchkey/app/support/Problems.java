package dev.latchkey.app.support;

import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every error of the API looks like: RFC 9457 problem+json that says nothing about the internals. */
public final class Problems {
    private Problems() {
    }

    public static Reply assertProblem(int status, Reply reply) {
        assertEquals(status, reply.status(), () -> "unexpected answer: " + reply);
        assertNotNull(reply.contentType(), reply::toString);
        assertTrue(reply.contentType().startsWith("application/problem+json"), () -> reply.contentType() + " " + reply);
        assertEquals(status, ((Number) reply.get("status")).intValue(), reply::toString);
        assertTrue(reply.string("type").startsWith("urn:latchkey:problem:"), reply::toString);
        assertNotNull(reply.string("title"), reply::toString);
        assertNotNull(reply.string("detail"), reply::toString);
        assertLeaksNothing(reply);
        return reply;
    }

    /** A 403 names the permission the caller lacks. */
    public static Reply assertForbidden(String missingPermission, Reply reply) {
        assertProblem(403, reply);
        assertEquals(missingPermission, reply.string("missingPermission"), reply::toString);
        assertNotNull(reply.string("reason"), reply::toString);
        return reply;
    }

    /** A Java type or constant such as {@code StreamReadFeature.INCLUDE_SOURCE}: internals, not an explanation. */
    private static final Pattern JAVA_NAME = Pattern.compile("\\b[A-Z][a-z]+[A-Z][A-Za-z]*\\.[A-Za-z_]");

    public static void assertLeaksNothing(Reply reply) {
        String text = reply.text();
        assertFalse(JAVA_NAME.matcher(text).find(), () -> "the body names a Java type: " + text);
        for (String internal : new String[] {"dev.latchkey", "java.", "io.micronaut", "com.fasterxml", "Exception",
                "\tat ", "SQL"}) {
            assertFalse(text.contains(internal), () -> "the body shows internals (" + internal + "): " + text);
        }
    }
}
