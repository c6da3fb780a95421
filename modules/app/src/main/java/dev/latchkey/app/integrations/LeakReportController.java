package dev.latchkey.app.integrations;

import dev.latchkey.app.security.ClientAddresses;
import dev.latchkey.directory.access.NotSensitive;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.Operation;

import java.util.List;

/** {@code POST /api/tokens/leaks}: anonymous, rate limited per client address, 202 whatever was in it. */
@Controller("/api/tokens/leaks")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "integrations")
class LeakReportController {
    private final LeakReports reports;
    private final RateLimits rateLimits;
    private final ClientAddresses clientAddresses;

    LeakReportController(LeakReports reports, RateLimits rateLimits, ClientAddresses clientAddresses) {
        this.reports = reports;
        this.rateLimits = rateLimits;
        this.clientAddresses = clientAddresses;
    }

    /** A token string is 53 characters; 200 leaves room for what scanners send around it. */
    @Serdeable
    record LeakReport(@NotNull @Size(min = 1, max = LeakReports.MAX_TOKENS) List<@NotNull @Size(max = 200) String> tokens,
                      @Nullable @Size(max = 1000) String source) {
        @Override
        public String toString() {
            return "LeakReport[" + (tokens == null ? 0 : tokens.size()) + " tokens]";
        }
    }

    @Serdeable
    record Received(int received) {
    }

    @Post
    @NotSensitive("the reporter presents the leaked token strings; revoking them only takes access away")
    @ApiResponse(responseCode = "202", description = "received; every valid token among them is revoked")
    @Operation(summary = "Report leaked tokens (secret scanning)")
    HttpResponse<Received> report(HttpRequest<?> request, @Valid @Body LeakReport body) {
        String ip = clientAddresses.of(request);
        rateLimits.consume(RateLimits.Limit.LEAK_REPORTS, ip);
        return HttpResponse.accepted().body(new Received(reports.report(body.tokens(), body.source(), ip,
                ClientAddresses.userAgent(request))));
    }
}
