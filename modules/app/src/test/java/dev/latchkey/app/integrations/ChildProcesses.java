package dev.latchkey.app.integrations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The proxies and helpers a real-proxy test runs: non-daemon children of the test JVM, output to a
 * file in the test's temp directory, stopped (by their own process handles) when the test ends.
 */
final class ChildProcesses implements AutoCloseable {
    /** The result of a short command: exit code and combined output. */
    record Result(int exit, String output) {
    }

    private final Path dir;
    private final List<Process> started = new ArrayList<>();

    ChildProcesses(Path dir) {
        this.dir = dir;
    }

    Process start(String name, List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve(name + ".log").toFile()).start();
            started.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until something listens on the loopback port, or fails with the child's log. */
    void awaitPort(String name, Process process, int port) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    break;
                }
                sleep(100);
            }
        }
        throw new AssertionError(name + " did not listen on " + port + ":\n" + log(name));
    }

    void awaitFile(String name, Process process, Path file) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            if (Files.exists(file)) {
                return;
            }
            sleep(50);
        }
        throw new AssertionError(name + " did not create " + file + ":\n" + log(name));
    }

    String log(String name) {
        try {
            Path file = dir.resolve(name + ".log");
            return Files.exists(file) ? Files.readString(file) : "(no log)";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Runs a command to its end (at most a minute) in {@code workDir} with extra environment. */
    static Result run(Path workDir, java.util.Map<String, String> env, String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), new String(out, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Stops every child and what it forked (fcgiwrap's workers outlive their parent otherwise). */
    @Override
    public void close() {
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
        for (Process process : started) {
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
