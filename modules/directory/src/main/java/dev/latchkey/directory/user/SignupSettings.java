package dev.latchkey.directory.user;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code latchkey.signup.*}, typed.
 *
 * @param enabled whether {@code POST /api/signup} is open ({@code latchkey.signup.enabled}, default true)
 */
@ConfigurationProperties("latchkey.signup")
public record SignupSettings(@Bindable(defaultValue = "true") boolean enabled) {
}
