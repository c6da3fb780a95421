package dev.latchkey.directory.tokens;

import dev.latchkey.directory.access.NeedsCredentials;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What every kind's {@link TokenController} is, said once (a Micronaut stereotype): reached only
 * with credentials, documented with its 401/403 ({@link NeedsCredentials}), and run off the event
 * loop, since every route reads the database. The kind's controller adds its path and its tag.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@NeedsCredentials
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public @interface TokenRoutes {
}
