package dev.latchkey.directory.caps;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code latchkey.limits.*}, typed: how much one user or workspace may own ({@link Caps} checks
 * each is at least 1 and enforces them).
 */
@ConfigurationProperties("latchkey.limits")
public record LimitSettings(@Bindable(defaultValue = "200") long personalTokensPerUser,
                            @Bindable(defaultValue = "100") long workspacesPerUser,
                            @Bindable(defaultValue = "500") long workspaceTokensPerWorkspace,
                            @Bindable(defaultValue = "500") long serviceTokensPerWorkspace,
                            @Bindable(defaultValue = "100") long serviceUsersPerWorkspace,
                            @Bindable(defaultValue = "1000") long projectsPerWorkspace,
                            @Bindable(defaultValue = "1000") long membersPerWorkspace) {
}
