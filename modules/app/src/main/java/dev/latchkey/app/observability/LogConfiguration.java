package dev.latchkey.app.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.util.Locale;
import java.util.Map;

/**
 * The server's logging set-up, in code: logback finds it through {@code META-INF/services} before
 * its XML configurator, so a start parses no XML (Joran's parsing and model were ~140 ms of
 * start-up's main thread, docs/performance.md). Logs go to stdout, as text or, with
 * {@code LATCHKEY_LOG_FORMAT=json}, one JSON object per line (logback's {@link JsonEncoder};
 * docs/operations.md, "Logs"). An operator's own file still wins: with
 * {@code -Dlogback.configurationFile=...} this does nothing and logback reads that file.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public class LogConfiguration extends ContextAwareBase implements Configurator {
    static final String FORMAT = "LATCHKEY_LOG_FORMAT";
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{36} %X{requestId:-} - %msg%n";
    /** Libraries whose INFO lines are noise in a server's log. */
    private static final Map<String, Level> QUIETER = Map.of(
            "liquibase", Level.WARN,
            "LiquibaseSchemaResolver", Level.WARN,
            "com.zaxxer.hikari", Level.WARN,
            "org.testcontainers", Level.WARN,
            "tc", Level.WARN,
            "com.github.dockerjava", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context, configuredFormat());
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** {@code LATCHKEY_LOG_FORMAT} as a system property or, as an operator sets it, the environment. */
    static String configuredFormat() {
        return System.getProperty(FORMAT, System.getenv(FORMAT));
    }

    /**
     * Whether output must be JSON lines only: then nothing else may print to stdout, such as
     * Micronaut's start-up banner ({@code Application.main}).
     */
    public static boolean jsonLines() {
        return "json".equals(chosen(configuredFormat()));
    }

    /** "json", "text" (also for null), or the unknown value as given, trimmed and in lower case. */
    private static String chosen(String format) {
        return format == null ? "text" : format.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Sets {@code context} up for {@code format}: "json", or text for anything else (null, "text";
     * an unknown value is said once on the log, in text, rather than leaving the server silent).
     */
    public static void apply(LoggerContext context, String format) {
        context.reset();
        LevelChangePropagator julLevels = new LevelChangePropagator();
        julLevels.setContext(context);
        julLevels.setResetJUL(true);
        julLevels.start();
        context.addListener(julLevels);

        String chosen = chosen(format);
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName(chosen.equals("json") ? "json" : "text");
        console.setEncoder(chosen.equals("json") ? json(context) : text(context));
        console.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        QUIETER.forEach((name, level) -> context.getLogger(name).setLevel(level));
        if (!chosen.equals("json") && !chosen.equals("text")) {
            root.warn("{}={} is neither text nor json: logging as text", FORMAT, format.length() > 20
                    ? format.substring(0, 20) + "…" : format);
        }
    }

    private static Encoder<ILoggingEvent> text(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> json(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.setWithMessage(false);
        encoder.start();
        return encoder;
    }
}
