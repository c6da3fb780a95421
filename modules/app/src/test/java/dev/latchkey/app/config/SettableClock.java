package dev.latchkey.app.config;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock a test moves by hand, shared by every context that sets {@code latchkey-test.settable-clock=true}
 * (so two nodes in one JVM see the same time); other contexts keep the system clock.
 */
public final class SettableClock extends Clock {
    public static final String PROPERTY = "latchkey-test.settable-clock";
    public static final SettableClock SHARED = new SettableClock();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

    public void set(Instant instant) {
        now.set(instant);
    }

    public void advance(Duration by) {
        now.updateAndGet(i -> i.plus(by));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Factory
    @Requires(property = PROPERTY, value = "true")
    static class SettableClockFactory {
        @Singleton
        @Replaces(value = Clock.class, factory = ClockFactory.class)
        Clock clock() {
            return SHARED;
        }
    }
}
