package dev.latchkey.app.integrations;

import dev.latchkey.app.pat.PatClient;
import dev.latchkey.app.pat.PatClient.Person;
import dev.latchkey.app.pat.PatClient.Reply;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** What the integration tests share: form posts, the user's audit log, and SQL for states the API cannot make. */
final class Fixtures {
    private final PatClient api;
    private final DataSource dataSource;

    Fixtures(PatClient api, DataSource dataSource) {
        this.api = api;
        // the pool itself: the injected DataSource only lends the connection of a surrounding transaction
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    }

    Reply form(String path, Map<String, String> fields, String authorization) {
        return form(path, fields, authorization, r -> r);
    }

    Reply form(String path, Map<String, String> fields, String authorization, UnaryOperator<MutableHttpRequest<?>> tweak) {
        MutableHttpRequest<?> request = HttpRequest.POST(path, fields).contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE);
        return api.call(tweak.apply(PatClient.withAuth(request, authorization)));
    }

    /** A token of {@code person} with these scopes; the secret and the id. */
    Minted mint(Person person, Map<String, Object> body) {
        Reply r = api.createToken(person, body);
        if (r.status() != 201) {
            throw new IllegalStateException("token creation failed: " + r);
        }
        return new Minted(r.string("token"), UUID.fromString(r.string("id")));
    }

    Minted mint(Person person, List<String> scopes) {
        return mint(person, Map.of("name", "it", "scopes", scopes));
    }

    record Minted(String secret, UUID id) {
        String bearer() {
            return "Bearer " + secret;
        }

        @Override
        public String toString() {
            return "Minted[" + id + "]";
        }
    }

    List<Map<String, Object>> myEvents(Person person, String query) {
        Reply r = api.get("/api/user/audit-events" + query, person.bearer());
        if (r.status() != 200) {
            throw new IllegalStateException("audit read failed: " + r);
        }
        return r.items();
    }

    /** Events written off the request path arrive a little later. */
    Optional<Map<String, Object>> awaitEvent(Person person, String action, UUID tokenId) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            for (Map<String, Object> e : myEvents(person, "?action=" + action)) {
                Object target = e.get("target");
                if (target instanceof Map<?, ?> t && tokenId.toString().equals(t.get("id"))) {
                    return Optional.of(e);
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Optional.empty();
    }

    void sql(String statement, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    DataSource rawDataSource() {
        return dataSource;
    }
}
