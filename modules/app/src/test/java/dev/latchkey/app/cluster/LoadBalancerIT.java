package dev.latchkey.app.cluster;

import dev.latchkey.app.support.PackagedNode;
import dev.latchkey.testkit.TestDatabase;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * nginx (the Debian package) in front of two packaged nodes on the suite's MySQL/MariaDB, all on
 * loopback: one node is killed with SIGKILL mid-load; the other keeps serving every token use
 * (nginx retries idempotent requests on it), every token whose creation was acknowledged works,
 * and the killed node, started again, serves them too. Skipped, with the reason, without
 * MySQL/MariaDB (two processes cannot share an embedded H2 file) or without nginx.
 */
class LoadBalancerIT {
    private static final String PASSWORD = "load balancer password";
    private static final Path NGINX = Path.of("/usr/sbin/nginx");
    private final Path dir = TestDatabase.scratchDirectory("latchkey-lb");
    private PackagedNode a;
    private PackagedNode b;
    private Process nginx;

    @AfterEach
    void stop() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
        for (PackagedNode node : new PackagedNode[] {a, b}) {
            if (node != null) {
                node.kill();
            }
        }
    }

    private Process startNginx(int port) throws Exception {
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/nginx-error.log warn;
                events { worker_connections 256; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/client_temp;
                    proxy_temp_path %1$s/proxy_temp;
                    fastcgi_temp_path %1$s/fastcgi_temp;
                    uwsgi_temp_path %1$s/uwsgi_temp;
                    scgi_temp_path %1$s/scgi_temp;
                    upstream latchkey {
                        server 127.0.0.1:%2$d max_fails=1 fail_timeout=2s;
                        server 127.0.0.1:%3$d max_fails=1 fail_timeout=2s;
                    }
                    server {
                        listen 127.0.0.1:%4$d;
                        location / {
                            proxy_pass http://latchkey;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_connect_timeout 1s;
                            proxy_read_timeout 10s;
                            proxy_next_upstream error timeout http_502 http_503;
                        }
                    }
                }
                """.formatted(dir, a.port(), b.port(), port));
        dir.toFile().setWritable(true, false);
        Process p = new ProcessBuilder(NGINX.toString(), "-p", dir.toString(), "-c", conf.toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        Thread.sleep(300);
        assertTrue(p.isAlive(), "nginx did not start: " + Files.readString(dir.resolve("nginx.out")));
        return p;
    }

    private static int status(BlockingHttpClient http, MutableHttpRequest<?> request) {
        try {
            return http.exchange(request).code();
        } catch (HttpClientResponseException e) {
            return e.getStatus().getCode();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Test
    void killingOneNodeBehindNginxLosesNothingAcknowledgedAndTheNodeRejoins() throws Exception {
        assumeTrue("mysql".equals(TestDatabase.kind()) || "testcontainers".equals(TestDatabase.kind()),
                "needs MySQL/MariaDB (LATCHKEY_TEST_JDBC_URL); two nodes cannot share the embedded H2");
        assumeTrue(Files.isExecutable(NGINX), "needs nginx (apt-get install nginx; .ci/run installs it)");
        a = new PackagedNode(PackagedNode.freePort(), Files.createDirectories(dir.resolve("a")), Map.of());
        b = new PackagedNode(PackagedNode.freePort(), Files.createDirectories(dir.resolve("b")), Map.of());
        CompletableFuture<BlockingHttpClient> startingA = CompletableFuture.supplyAsync(() -> {
            try {
                return a.start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        b.start();
        startingA.get(90, TimeUnit.SECONDS);
        int lbPort = PackagedNode.freePort();
        nginx = startNginx(lbPort);
        BlockingHttpClient lb = HttpClient.create(new URL("http://127.0.0.1:" + lbPort)).toBlocking();

        String email = "lb-" + UUID.randomUUID() + "@example.com";
        lb.exchange(HttpRequest.POST("/api/signup", Map.of("email", email, "firstName", "L", "lastName", "B", "password", PASSWORD)));
        String jwt = (String) lb.exchange(HttpRequest.POST("/login", Map.of("username", email, "password", PASSWORD)),
                Argument.mapOf(String.class, Object.class)).body().get("access_token");
        String token = (String) lb.exchange(HttpRequest.POST("/api/user/personal-access-tokens",
                Map.of("name", "lb", "scopes", List.of("user:read"))).bearerAuth(jwt), Argument.mapOf(String.class, Object.class))
                .body().get("token");

        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean done = new AtomicBoolean();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger usesAfterKill = new AtomicInteger();
        Queue<Integer> failedUsesAfterKill = new ConcurrentLinkedQueue<>();
        ExecutorService load = Executors.newFixedThreadPool(4);
        for (int w = 0; w < 3; w++) {
            load.submit(() -> {
                while (!done.get()) {
                    boolean afterKill = killed.get();
                    int code = status(lb, HttpRequest.GET("/api/user").bearerAuth(token));
                    if (afterKill) {
                        usesAfterKill.incrementAndGet();
                        if (code != 200) {
                            failedUsesAfterKill.add(code);
                        }
                    }
                }
            });
        }
        load.submit(() -> {
            while (!done.get()) {
                try {
                    Map<String, Object> created = lb.exchange(HttpRequest.POST("/api/user/personal-access-tokens",
                            Map.of("name", "lb", "scopes", List.of("user:read"))).bearerAuth(jwt),
                            Argument.mapOf(String.class, Object.class)).body();
                    acknowledged.put((String) created.get("id"), (String) created.get("token"));
                } catch (RuntimeException e) {
                    // in flight on the killed node: not acknowledged
                }
            }
        });
        Thread.sleep(2000);
        a.kill(); // SIGKILL
        killed.set(true);
        Thread.sleep(3000);
        done.set(true);
        load.shutdown();
        assertTrue(load.awaitTermination(30, TimeUnit.SECONDS));
        System.out.printf("[lb] %d tokens acknowledged; %d uses after the kill, failed: %s%n",
                acknowledged.size(), usesAfterKill.get(), failedUsesAfterKill);
        assertTrue(usesAfterKill.get() > 10, "the load should have gone on after the kill");
        assertTrue(failedUsesAfterKill.isEmpty(), "token uses failed after one node died: " + failedUsesAfterKill);
        assertTrue(acknowledged.size() > 3, "tokens should have been created: " + acknowledged.size());
        for (String t : acknowledged.values()) {
            assertEquals(200, status(lb, HttpRequest.GET("/api/user").bearerAuth(t)), "an acknowledged token was lost");
        }

        Instant restarting = Instant.now();
        BlockingHttpClient again = a.start();
        System.out.printf("[lb] the killed node rejoined after %d ms%n", Duration.between(restarting, Instant.now()).toMillis());
        for (String t : acknowledged.values()) {
            assertEquals(200, status(again, HttpRequest.GET("/api/user").bearerAuth(t)), "the restarted node does not serve a token");
        }
        assertEquals(200, status(lb, HttpRequest.GET("/api/user").bearerAuth(token)));
    }
}
