package dev.latchkey.notifications.expiry;

import dev.latchkey.directory.access.NeedsCredentials;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.NotSensitive;
import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.common.Times;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** The caller's own notification preferences (a login session: they are a person's choice). */
@NeedsCredentials
@Controller("/api/user/notification-preferences")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "notifications")
class NotificationPreferenceController {
    private final NotificationPreferenceRepository preferences;
    private final Clock clock;

    NotificationPreferenceController(NotificationPreferenceRepository preferences, Clock clock) {
        this.preferences = preferences;
        this.clock = clock;
    }

    /**
     * @param expiryEmails     e-mails before one's tokens (and, for owners, the workspace's tokens) expire
     * @param expiryThresholds when they come, in days before the expiry (informational)
     */
    @Serdeable
    record PreferencesView(boolean expiryEmails, List<Integer> expiryThresholds) {
    }

    @Serdeable
    @Schema(example = "{\"expiryEmails\":false}")
    record PreferencesBody(@Nullable @Schema(type = "boolean") Object expiryEmails) {
    }

    @Get
    @Operation(summary = "Your notification preferences")
    PreferencesView get(Caller caller) {
        UUID user = caller.requireSessionUser("notification preferences");
        return view(preferences.findById(user).map(NotificationPreference::expiryEmails).orElse(true));
    }

    @Put
    @NotSensitive("only chooses which e-mails the caller itself gets")
    @Operation(summary = "Change your notification preferences")
    PreferencesView put(Caller caller, @Valid @Body PreferencesBody body) {
        UUID user = caller.requireSessionUser("notification preferences");
        // a JSON boolean, nothing a lenient reader would turn into one ("sometimes" is not false)
        if (!(body.expiryEmails() instanceof Boolean expiryEmails)) {
            throw ProblemException.badRequest("expiryEmails", "expiryEmails is required: true or false");
        }
        NotificationPreference row = new NotificationPreference(user, expiryEmails, Times.now(clock));
        if (preferences.existsById(user)) {
            preferences.update(row);
        } else {
            preferences.save(row);
        }
        return view(expiryEmails);
    }

    private static PreferencesView view(boolean expiryEmails) {
        return new PreferencesView(expiryEmails, ExpiryNotices.THRESHOLDS);
    }
}
