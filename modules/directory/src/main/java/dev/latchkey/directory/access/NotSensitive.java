package dev.latchkey.directory.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A write route that a login session may use without a confirmation; the reason says why, so that
 * the choice is made once, on purpose, and reviewed with the route (see {@link Sensitive}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface NotSensitive {
    /** Why a stolen session doing this is not worth a password prompt. */
    String value();
}
