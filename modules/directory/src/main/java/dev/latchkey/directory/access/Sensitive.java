package dev.latchkey.directory.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A write route that always needs a confirmation from a login session (see {@link Confirmations}):
 * the app's confirmation filter refuses it with 403 {@code confirmation_required} outside the sudo
 * window unless {@code X-Confirm-Password} carries the password. Every write route carries exactly
 * one of {@code @Sensitive}, {@link SensitiveWhen} or {@link NotSensitive}; a test walks the
 * router's route table to keep it so.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Sensitive {
    /** Why, in a few words, as printed in docs/security.md. */
    String value();
}
