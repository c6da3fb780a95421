package dev.latchkey.app.support;

import dev.latchkey.testkit.TestDatabase;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.Map;

/**
 * The base of every HTTP test: the database of this JVM (see {@link TestDatabase}) and an {@link Api}
 * that answers 4xx and 5xx as values. Contexts share that database, so a test makes its own users
 * and workspaces and never counts on an empty table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ApiTest implements TestPropertyProvider {
    @Inject
    protected Api api;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestDatabase.properties());
        properties.put("micronaut.http.client.exception-on-error-status", "false");
        return properties;
    }
}
