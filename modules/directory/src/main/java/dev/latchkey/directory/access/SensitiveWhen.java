package dev.latchkey.directory.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A write route that needs a confirmation only for some changes (widening a token's IP
 * restrictions, making an ADMIN or OWNER, loosening the token policy). A password sent with it is
 * checked by the filter as for {@link Sensitive}; whether the change at hand needs one is decided by
 * a {@link SensitiveOperations} rule the service asks, then {@link Confirmations#requireIf}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SensitiveWhen {
    /** The condition, in a few words, as printed in docs/security.md. */
    String value();
}
