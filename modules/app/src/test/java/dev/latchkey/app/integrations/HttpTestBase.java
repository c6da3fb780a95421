package dev.latchkey.app.integrations;

import dev.latchkey.app.pat.PatClient;
import dev.latchkey.testkit.TestDatabase;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.util.Map;

/**
 * What every HTTP test of the integrations needs; subclasses carry
 * {@code @MicronautTest(transactional = false)} (requests run on server threads and must see what
 * the test wrote) and may widen {@link #getProperties()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HttpTestBase implements TestPropertyProvider {
    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    DataSource dataSource;

    PatClient api;
    Fixtures fx;

    @Override
    public Map<String, String> getProperties() {
        return TestDatabase.properties();
    }

    @BeforeAll
    void setUpClients() {
        api = new PatClient(http);
        fx = new Fixtures(api, dataSource);
    }
}
