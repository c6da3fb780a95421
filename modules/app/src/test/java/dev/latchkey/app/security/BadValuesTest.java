package dev.latchkey.app.security;

import dev.latchkey.app.support.Api;
import dev.latchkey.app.support.Reply;
import dev.latchkey.app.support.RouteValues;
import dev.latchkey.app.support.StoredRows;
import dev.latchkey.app.support.WorkspaceTest;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpMethod;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.latchkey.app.support.Api.body;
import static dev.latchkey.app.support.Api.expect;
import static dev.latchkey.app.support.Api.workspace;
import static dev.latchkey.app.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Values that used to be a 500 or were stored: blank and invisible names, control and bidi
 * characters in names and notes, null elements in lists and maps, and instants outside what the
 * database holds. Each is a 400 problem naming the field, on every route that takes such a field,
 * and nothing is written.
 */
@MicronautTest(transactional = false)
class BadValuesTest extends WorkspaceTest {
    private static final List<String> TABLES = Stream.concat(StoredRows.TABLES.stream(), Stream.of("audit_events")).toList();

    /** Wrong in a name and in a note alike. */
    private static final List<String> NEVER = List.of(
            "a\u202Eb", "\u202Dtxt.exe", "a\u2066b\u2069", "a\u2067b", "a\u200Eb", "a\u061Cb",     // bidi
            "a\u200Bb", "a\u200Cb", "a\u200Db", "a\u2060b", "a\uFEFFb", "a\u00ADb",                // zero-width and format
            "a\u0000b", "a\u0007b", "a\u001Bb[31m", "a\u007Fb",                                      // C0 and DEL
            "a\u0085b", "a\u009Bb", "a\u0090b",                                                     // C1
            "a\u2028b", "a\u2029b",                                                                 // line and paragraph separators
            "a\uFFFEb", "a\uFDD0b");                                                                // non-characters
    /** Wrong in a name, fine in a note. */
    private static final List<String> NOT_IN_A_NAME = List.of("a\nb", "a\rb", "a\tb", "a\r\nb");
    /** Blank: refused as a name, "no note" as a note. */
    private static final List<String> BLANK = List.of("", " ", "   ", "\t", "\u00A0\u00A0", "\u3000", "\u2007", "\u202F",
            "\u3164", "\u115F", "\u2800", "\u200B", " \u0301 ");

    @Inject
    Router router;

    @Inject
    DataSource dataSource;

    private Map<String, Long> counts() throws Exception {
        return StoredRows.count(dataSource, TABLES);
    }

    private static void refusedNaming(String field, Reply reply, List<String> failures, Object what) {
        if (String.valueOf(what).startsWith("POST /api/personal-access-tokens ")) {
            // seed 001's error shape: {"message","status"}, the message naming the field
            if (reply.status() != 400 || !(reply.body() instanceof Map<?, ?> m) || !m.keySet().equals(Set.of("message", "status"))
                    || !String.valueOf(m.get("message")).startsWith(field + ":")) {
                failures.add(what + " -> " + reply);
            }
            return;
        }
        if (reply.status() != 400 || !field.equals(reply.string("field"))) {
            failures.add(what + " -> " + reply);
        } else {
            assertProblem(400, reply);
        }
    }

    @Test
    void badNamesAndNotesAreRefusedNamingTheFieldOnEveryRoute() throws Exception {
        List<NamedFields.Case> cases = NamedFields.of(api, owner, ws);
        Map<String, Long> before = counts();
        List<String> failures = new ArrayList<>();
        for (NamedFields.Case c : cases) {
            List<String> bad = new ArrayList<>(NEVER);
            if (!c.note()) {
                bad.addAll(NOT_IN_A_NAME);
                bad.addAll(BLANK);
                bad.add("x".repeat(101));
            } else {
                bad.add("x".repeat(1001));
            }
            for (String value : bad) {
                refusedNaming(c.field(), c.send(api, owner, value), failures, c + " " + escaped(value));
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " accepted or unnamed:\n" + String.join("\n", failures));
        assertEquals(before, counts(), "a refused request wrote something");
        assertEquals("Acme", expect(200, api.get(workspace(ws), owner.token())).string("name"));
    }

    /** A body field that stores a name or a note and is missing from {@link NamedFields} would be untested: none is. */
    @Test
    void everyNameOrNoteFieldOfEveryBodyIsInTheTable() {
        List<NamedFields.Case> cases = NamedFields.of(api, owner, ws);
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (UriRouteInfo<?, ?> route : router.uriRoutes().toList()) {
            Argument<?> body = route.getBodyArgument().orElse(null);
            if (body == null || !body.getType().isRecord()) {
                continue;
            }
            Pattern path = Pattern.compile(RouteValues.VARIABLE.matcher(RouteValues.template(route)).replaceAll("[^/]+"));
            for (RecordComponent component : body.getType().getRecordComponents()) {
                String field = jsonName(component);
                boolean nameLike = component.getType() == String.class && field.toLowerCase().matches(".*(name|note)");
                checked += nameLike ? 1 : 0;
                if (nameLike && cases.stream().noneMatch(c -> c.method() == route.getHttpMethod() && c.field().equals(field)
                        && path.matcher(c.path()).matches())) {
                    missing.add(route.getHttpMethod() + " " + route.getUriMatchTemplate() + " " + field);
                }
            }
        }
        assertTrue(checked >= cases.size(), "the router's bodies hold the name fields: " + checked);
        assertTrue(missing.isEmpty(), "name or note fields NamedFields does not cover: " + missing);
    }

    @Test
    void aLoneSurrogateIsRefusedNotStored() throws Exception {
        Map<String, Long> before = counts();
        Reply workspaceName = api.patch(workspace(ws), owner.token(), "{\"name\":\"a\\uD800b\"}");
        Reply tokenName = api.post("/api/user/personal-access-tokens", owner.token(),
                "{\"name\":\"\\uDC00\",\"scopes\":[\"user:read\"]}");
        assertEquals("name", assertProblem(400, workspaceName).string("field"));
        assertEquals("name", assertProblem(400, tokenName).string("field"));
        assertEquals(before, counts());
    }

    @Test
    void notesMaySpanLinesAndBlankNotesAreNoNote() {
        for (NamedFields.Case c : NamedFields.of(api, owner, ws)) {
            if (!c.note()) {
                continue;
            }
            for (String fine : List.of("first line\nsecond line", "tab\tseparated", "windows\r\nline", "emoji \uD83D\uDE80 and \u00E9")) {
                Reply reply = c.send(api, owner, fine);
                assertTrue(reply.status() == 200 || reply.status() == 201, () -> c + " refused a fine note: " + reply);
                assertEquals(fine, reply.string("note"), c::toString);
            }
            Reply blank = c.send(api, owner, "\u00A0 \u3000");
            assertTrue(blank.status() == 200 || blank.status() == 201, () -> c + " " + blank);
        }
    }

    @Test
    void namesInOtherScriptsAndWithEmojiAreKept() {
        for (String fine : List.of("Łódź team", "東京", "مشروع", "Café \uD83D\uDE80", "a  b", "lkp_release-2026")) {
            Reply created = expect(201, api.post(Api.projects(ws), owner.token(), body("key", Api.unique("p"), "name", fine)));
            assertEquals(fine, created.string("name"));
        }
    }

    // ---- null elements: generated from the router, so a new body with a list or a map is covered the day it is added

    private record NullCase(HttpMethod method, String path, String field, Map<String, Object> body) {
    }

    /** One body per list or map component, at any depth: that component holds a null element, nothing else is sent. */
    private static void nullBodies(Class<?> type, String prefix, List<Map.Entry<String, Object>> out) {
        for (RecordComponent component : type.getRecordComponents()) {
            String name = jsonName(component);
            Class<?> raw = component.getType();
            if (Collection.class.isAssignableFrom(raw)) {
                List<Object> withNull = new ArrayList<>();
                withNull.add(null);
                out.add(Map.entry(prefix + name, withNull));
            } else if (Map.class.isAssignableFrom(raw)) {
                Map<String, Object> withNull = new LinkedHashMap<>();
                withNull.put(UUID.randomUUID().toString(), null);
                out.add(Map.entry(prefix + name, withNull));
            } else if (raw.isRecord()) {
                nullBodies(raw, prefix + name + ".", out);
            }
        }
    }

    private static String jsonName(RecordComponent component) {
        com.fasterxml.jackson.annotation.JsonProperty property =
                component.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
        return property == null ? component.getName() : property.value();
    }

    /** {"a.b": v} -> {"a": {"b": v}} */
    private static Map<String, Object> nest(String path, Object value) {
        int dot = path.indexOf('.');
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(dot < 0 ? path : path.substring(0, dot), dot < 0 ? value : nest(path.substring(dot + 1), value));
        return body;
    }

    private List<NullCase> nullCases() {
        RouteValues values = RouteValues.of(api, owner, ws);
        List<NullCase> cases = new ArrayList<>();
        for (UriRouteInfo<?, ?> route : router.uriRoutes().toList()) {
            Argument<?> body = route.getBodyArgument().orElse(null);
            if (body == null || !body.getType().isRecord()) {
                continue;
            }
            List<Map.Entry<String, Object>> bodies = new ArrayList<>();
            nullBodies(body.getType(), "", bodies);
            for (Map.Entry<String, Object> b : bodies) {
                cases.add(new NullCase(route.getHttpMethod(), values.fill(RouteValues.template(route)),
                        b.getKey(), nest(b.getKey(), b.getValue())));
            }
        }
        return cases;
    }

    @Test
    void aNullElementInAnyListOrMapOfAnyBodyIsA400NamingTheField() throws Exception {
        List<NullCase> cases = nullCases();
        assertTrue(cases.size() >= 14, "the router offers the list and map fields: " + cases);
        Map<String, Long> before = counts();
        List<String> failures = new ArrayList<>();
        for (NullCase c : cases) {
            Reply reply = api.exchange(c.method(), c.path(), owner.token(), c.body());
            if (reply.status() != 400 || !reply.string("detail").contains(c.field() + "[")) {
                failures.add(c.method() + " " + c.path() + " " + c.body() + " -> " + reply);
            } else {
                assertProblem(400, reply);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(before, counts(), "a refused request wrote something");
    }

    /** The mechanism behind the test above: every element type of every list or map in a body carries @NotNull. */
    @Test
    void everyListAndMapInARequestBodyRefusesNullElements() {
        List<String> missing = new ArrayList<>();
        router.uriRoutes().map(r -> r.getBodyArgument().orElse(null)).filter(b -> b != null && b.getType().isRecord())
                .map(Argument::getType).distinct().forEach(type -> missingNotNull(type, missing));
        assertTrue(missing.isEmpty(), "element types without @NotNull: " + missing);
    }

    private static void missingNotNull(Class<?> type, List<String> missing) {
        for (RecordComponent component : type.getRecordComponents()) {
            AnnotatedType annotated = component.getAnnotatedType();
            if (annotated instanceof AnnotatedParameterizedType parameterized
                    && (Collection.class.isAssignableFrom(component.getType()) || Map.class.isAssignableFrom(component.getType()))) {
                for (AnnotatedType argument : parameterized.getAnnotatedActualTypeArguments()) {
                    if (!argument.isAnnotationPresent(NotNull.class)) {
                        missing.add(type.getName() + "." + component.getName() + " <" + argument.getType().getTypeName() + ">");
                    }
                }
            } else if (component.getType().isRecord()) {
                missingNotNull(component.getType(), missing);
            }
        }
    }

    // ---- instants the database cannot hold

    private static final List<String> OUT_OF_RANGE = List.of("+10000-01-01T00:00:00Z", "9999-12-31T00:00:00Z",
            "9999-12-31T23:59:59Z", "+999999999-12-31T23:59:59Z");

    @Test
    void anExpiryPastTheYear9999IsA400OnEveryRouteThatTakesOne() throws Exception {
        RouteValues values = RouteValues.of(api, owner, ws);
        String serviceUser = values.get("serviceUser");
        String pats = "/api/user/personal-access-tokens";
        String pat = expect(201, api.post(pats, owner.token(), body("name", "p", "scopes", List.of("user:read")))).string("id");
        String patSecret = expect(201, api.post(pats, owner.token(), body("name", "q", "scopes", List.of("user:read")))).string("token");
        String wsTokens = workspace(ws) + "/tokens";
        String sTokens = "/api/users/service/" + serviceUser + "/personal-access-tokens";
        Map<String, Object> grant = Map.of("allProjects", "TESTER");
        List<Map.Entry<String, java.util.function.Function<String, Map<String, Object>>>> routes = List.of(
                Map.entry("POST " + pats, v -> body("name", "x", "scopes", List.of("user:read"), "expiresAt", v)),
                Map.entry("POST " + pats + "/" + pat + "/regenerate", v -> body("expiresAt", v)),
                Map.entry("POST " + pats + "/" + pat + "/copy", v -> body("expiresAt", v)),
                Map.entry("POST " + wsTokens, v -> body("name", "x", "grant", grant, "expiresAt", v)),
                Map.entry("POST " + wsTokens + "/" + values.get("id") + "/regenerate", v -> body("expiresAt", v)),
                Map.entry("POST " + wsTokens + "/" + values.get("id") + "/copy", v -> body("expiresAt", v)),
                Map.entry("POST " + sTokens, v -> body("note", "x", "permissions", List.of("projects:read"), "allProjects", true, "expiresAt", v)),
                Map.entry("POST " + sTokens + "/" + values.get("patId") + "/regenerate", v -> body("expiresAt", v)));
        Map<String, Long> before = counts();
        List<String> failures = new ArrayList<>();
        for (var route : routes) {
            String[] methodAndPath = route.getKey().split(" ", 2);
            for (String value : OUT_OF_RANGE) {
                Reply reply = api.exchange(HttpMethod.valueOf(methodAndPath[0]), methodAndPath[1], owner.token(),
                        route.getValue().apply(value));
                refusedNaming("expiresAt", reply, failures, route.getKey() + " " + value);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(before, counts(), "a refused request wrote something");
        expect(200, api.get("/api/user", patSecret));
        assertFalse(api.get(pats, owner.token()).text().contains("+10000"));
    }

    @Test
    void anAuditFilterOutsideTheDatabaseRangeIsA400() {
        for (String field : List.of("from", "to")) {
            for (String value : List.of("%2B10000-01-01T00:00:00Z", "0999-12-31T00:00:00Z", "-0001-01-01T00:00:00Z")) {
                Reply reply = api.get(workspace(ws) + "/audit-events?" + field + "=" + value, owner.token());
                assertEquals(field, assertProblem(400, reply).string("field"), reply::toString);
                assertEquals(field, assertProblem(400, api.get("/api/user/audit-events?" + field + "=" + value,
                        owner.token())).string("field"));
            }
        }
    }

    private static String escaped(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().forEach(cp -> out.append(cp < 0x20 || cp > 0x7E ? String.format("\\u%04X", cp) : String.valueOf((char) cp)));
        return out.length() > 40 ? out.substring(0, 40) + "..." : out.toString();
    }
}
