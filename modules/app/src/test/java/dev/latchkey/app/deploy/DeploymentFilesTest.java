package dev.latchkey.app.deploy;

import dev.latchkey.app.support.ApiTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.latchkey.app.support.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No container engine runs here, so the deployment files are checked against what the app really
 * reads: every environment name they set is a configuration key of application.yml or of the
 * code, the port they expose is the one they tell the node to listen on, and every probe path
 * answers 200 on a running node.
 */
@MicronautTest(transactional = false)
class DeploymentFilesTest extends ApiTest {
    private static final Path DEPLOY = Path.of("../../deploy");
    /** Environment names that are not configuration keys of the app but of the images they configure. */
    /** Keys Micronaut itself reads that application.yml leaves at their default. */
    private static final Set<String> FRAMEWORK_KEYS = Set.of("micronaut.server.port");
    private static final Set<String> OTHER_IMAGES = Set.of("MYSQL_DATABASE", "MYSQL_USER", "MYSQL_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD");

    private static Object yaml(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new Yaml().load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Object> yamlDocuments(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<Object> docs = new ArrayList<>();
            new Yaml().loadAll(in).forEach(docs::add);
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keys as Micronaut maps an environment name: lower case, separators alike. */
    private static String normalize(String key) {
        return key.toLowerCase().replaceAll("[-_.]", ".");
    }

    /** Every key application.yml sets, and every key the code reads through a placeholder or names. */
    private static Set<String> knownKeys() throws IOException {
        Set<String> keys = new HashSet<>(FRAMEWORK_KEYS);
        try (InputStream in = DeploymentFilesTest.class.getResourceAsStream("/application.yml")) {
            flatten("", new Yaml().load(in), keys);
        }
        Pattern placeholder = Pattern.compile("\\$\\{([a-z0-9.-]+)[:}]|\"((?:latchkey|micronaut|datasources)\\.[a-z0-9.-]+)\"");
        try (Stream<Path> sources = Files.walk(Path.of("..")).filter(p -> p.toString().endsWith(".java"))
                .filter(p -> p.toString().contains("src/main/java"))) {
            for (Path source : sources.toList()) {
                Matcher m = placeholder.matcher(Files.readString(source));
                while (m.find()) {
                    keys.add(normalize(m.group(1) != null ? m.group(1) : m.group(2)));
                }
            }
        }
        return keys;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object node, Set<String> keys) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? k.toString() : prefix + "." + k, v, keys));
        } else {
            keys.add(normalize(prefix));
        }
    }

    private static void assertReadByTheApp(Set<String> known, String name, String where) {
        if (OTHER_IMAGES.contains(name)) {
            return;
        }
        assertTrue(known.contains(normalize(name)), where + " sets " + name + ", which the app does not read");
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeSetsOnlyNamesTheAppReadsAndTheNodesListenWhereNginxSends() throws IOException {
        Set<String> known = knownKeys();
        Map<String, Object> compose = (Map<String, Object>) yaml(DEPLOY.resolve("compose.yaml"));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertTrue(services.keySet().containsAll(List.of("mysql", "node-a", "node-b", "nginx")), services.keySet().toString());
        assertTrue(((Map<String, Object>) services.get("mysql")).get("image").toString().startsWith("mysql:8"));
        String nginx = Files.readString(DEPLOY.resolve("nginx/latchkey.conf"));
        for (String node : List.of("node-a", "node-b")) {
            Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) services.get(node)).get("environment");
            env.keySet().forEach(name -> assertReadByTheApp(known, name, "compose " + node));
            assertTrue(nginx.contains("server " + node + ":" + env.get("MICRONAUT_SERVER_PORT")), "nginx sends " + node
                    + " traffic elsewhere than port " + env.get("MICRONAUT_SERVER_PORT"));
        }
    }

    @Test
    void theDockerfileRunsAsANonRootUserAndChecksHealthOnTheExposedPort() throws IOException {
        String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
        assertTrue(dockerfile.lines().filter(l -> l.startsWith("FROM ")).count() >= 2, "multi-stage");
        assertTrue(dockerfile.contains("\nUSER latchkey"), "runs as non-root");
        Matcher port = Pattern.compile("MICRONAUT_SERVER_PORT=(\\d+)").matcher(dockerfile);
        assertTrue(port.find());
        assertTrue(dockerfile.contains("EXPOSE " + port.group(1)));
        Matcher health = Pattern.compile("HEALTHCHECK[^\\n]*\\n\\s*CMD curl -fsS http://127.0.0.1:(\\d+)(/\\S*)").matcher(dockerfile);
        assertTrue(health.find(), "HEALTHCHECK with curl");
        assertEquals(port.group(1), health.group(1));
        expect(200, api.get(health.group(2), null));
        Set<String> known;
        try {
            known = knownKeys();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher env = Pattern.compile("\\b([A-Z][A-Z0-9_]+)=").matcher(dockerfile.substring(dockerfile.indexOf("ENV ")));
        while (env.find()) {
            assertReadByTheApp(known, env.group(1), "Dockerfile ENV");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void kubernetesProbesAnswerAndEveryNameTheManifestsSetIsReadByTheApp() throws IOException {
        Set<String> known = knownKeys();
        Set<String> kinds = new HashSet<>();
        try (Stream<Path> files = Files.list(DEPLOY.resolve("kubernetes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                for (Object doc : yamlDocuments(file)) {
                    Map<String, Object> resource = (Map<String, Object>) doc;
                    String kind = (String) resource.get("kind");
                    kinds.add(kind);
                    if ("Secret".equals(kind)) {
                        ((Map<String, Object>) resource.get("stringData")).keySet()
                                .forEach(name -> assertReadByTheApp(known, name, "Secret"));
                    }
                    if ("Deployment".equals(kind)) {
                        checkDeployment(known, resource);
                    }
                }
            }
        }
        assertTrue(kinds.containsAll(List.of("Deployment", "Service", "Secret", "PodDisruptionBudget")), kinds.toString());
    }

    @SuppressWarnings("unchecked")
    private void checkDeployment(Set<String> known, Map<String, Object> deployment) {
        Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) deployment.get("spec"))
                .get("template")).get("spec");
        Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
        Object port = ((List<Map<String, Object>>) container.get("ports")).get(0).get("containerPort");
        List<Map<String, Object>> env = (List<Map<String, Object>>) container.get("env");
        env.forEach(e -> assertReadByTheApp(known, (String) e.get("name"), "Deployment env"));
        assertEquals(port.toString(), env.stream().filter(e -> "MICRONAUT_SERVER_PORT".equals(e.get("name")))
                .findFirst().orElseThrow().get("value"), "the container listens where its port says");
        for (String probe : List.of("readinessProbe", "livenessProbe")) {
            Map<String, Object> get = (Map<String, Object>) ((Map<String, Object>) container.get(probe)).get("httpGet");
            assertFalse(get == null, probe + " is an HTTP probe");
            expect(200, api.get((String) get.get("path"), null));
        }
    }
}
