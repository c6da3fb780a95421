package dev.latchkey.app.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The logging set-up in code (LogConfiguration, found by logback through META-INF/services): text by
 * default, JSON with LATCHKEY_LOG_FORMAT=json, an unknown value said on the log instead of silence,
 * and an operator's own -Dlogback.configurationFile left to logback.
 */
class LogConfigurationTest {
    private final LoggerContext context = new LoggerContext();

    {
        context.setMDCAdapter(new LogbackMDCAdapter()); // what logback's SLF4J provider gives the real context
    }

    @AfterEach
    void clear() {
        System.clearProperty("logback.configurationFile");
        context.stop();
    }

    private ConsoleAppender<ILoggingEvent> console() {
        List<ConsoleAppender<ILoggingEvent>> found = new ArrayList<>();
        context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().forEachRemaining(a -> {
            if (a instanceof ConsoleAppender<ILoggingEvent> c) {
                found.add(c);
            }
        });
        assertEquals(1, found.size(), "one console appender on the root logger");
        return found.get(0);
    }

    @Test
    void textByDefaultWithTheRequestIdInThePatternAndNoisyLibrariesAtWarn() {
        LogConfiguration.apply(context, null);
        PatternLayoutEncoder encoder = assertInstanceOf(PatternLayoutEncoder.class, console().getEncoder());
        assertTrue(encoder.getPattern().contains("%X{requestId:-}"), encoder.getPattern());
        assertEquals(Level.INFO, context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
        assertEquals(Level.WARN, context.getLogger("com.zaxxer.hikari").getLevel());
        assertEquals(Level.WARN, context.getLogger("liquibase").getLevel());
    }

    @Test
    void jsonWhenAskedInAnySpelling() {
        LogConfiguration.apply(context, " JSON ");
        assertInstanceOf(JsonEncoder.class, console().getEncoder());
    }

    @Test
    void anUnknownFormatLogsAsTextAndSaysSoOnTheConsole() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            LogConfiguration.apply(context, "yaml");
        } finally {
            System.setOut(stdout);
        }
        assertInstanceOf(PatternLayoutEncoder.class, console().getEncoder());
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("WARN  ROOT  - LATCHKEY_LOG_FORMAT=yaml is neither text nor json: logging as text"), printed);
    }

    /** The recipe in docs/operations.md, run through logback's own start-up (ContextInitializer). */
    @Test
    void logbackReadsTheOperatorsFileWhenOneIsNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("logback.xml");
        Files.writeString(file, """
                <configuration>
                  <appender name="operators" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>ops %msg%n</pattern></encoder>
                  </appender>
                  <root level="DEBUG"><appender-ref ref="operators"/></root>
                </configuration>
                """);
        System.setProperty("logback.configurationFile", file.toString());
        new ContextInitializer(context).autoConfig();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.DEBUG, root.getLevel());
        assertEquals("operators", console().getName());
        assertEquals("ops %msg%n", ((PatternLayoutEncoder) console().getEncoder()).getPattern());
    }

    @Test
    void anOperatorsOwnLogbackFileIsLeftToLogback() {
        System.setProperty("logback.configurationFile", "/etc/latchkey/logback.xml");
        LogConfiguration configuration = new LogConfiguration();
        configuration.setContext(context);
        assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, configuration.configure(context));
        assertTrue(!context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext(),
                "nothing was set up: logback's own configurator reads the operator's file next");
    }
}
