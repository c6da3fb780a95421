package dev.latchkey.app.integrations;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.latchkey.app.security.ClientAddresses;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.access.NotSensitive;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.Map;

/** RFC 7662 introspection and RFC 7009 revocation, form-encoded as the RFCs say; any authenticated caller. */
@Controller("/oauth")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "integrations")
class OAuthController {
    private final Introspection introspection;
    private final SelfRevocation revocation;
    private final RateLimits rateLimits;
    private final ClientAddresses clientAddresses;

    OAuthController(Introspection introspection, SelfRevocation revocation, RateLimits rateLimits,
                    ClientAddresses clientAddresses) {
        this.introspection = introspection;
        this.revocation = revocation;
        this.rateLimits = rateLimits;
        this.clientAddresses = clientAddresses;
    }

    /** The form of both endpoints; {@code client_ip} is where the token's holder is (introspection only). */
    @Serdeable
    record TokenForm(@Nullable String token, @Nullable @JsonProperty("token_type_hint") String tokenTypeHint,
                     @Nullable @JsonProperty("client_ip") String clientIp) {
        @Override
        public String toString() {
            return "TokenForm[hint=" + tokenTypeHint + "]";
        }
    }

    @NotSensitive("RFC 7662: reads what a presented token may do; changes nothing")
    @Post(uri = "/introspect", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.APPLICATION_JSON)
    HttpResponse<Map<String, Object>> introspect(Caller caller, HttpRequest<?> request, @Nullable @Body TokenForm form) {
        rateLimits.consume(RateLimits.Limit.INTROSPECTION, rateKey(caller));
        TokenForm f = form == null ? new TokenForm(null, null, null) : form;
        String holderIp = f.clientIp() == null || f.clientIp().isBlank() ? clientAddresses.of(request) : f.clientIp().trim();
        // an introspection answer is about a token at one moment: no cache may keep it (RFC 7662 §4)
        return HttpResponse.ok(introspection.introspect(f.token(), holderIp)).header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    @NotSensitive("RFC 7009: the caller presents the token it revokes, which proves possession")
    @Post(uri = "/revoke", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<?> revoke(Caller caller, @Nullable @Body TokenForm form) {
        revocation.revoke(caller, form == null ? null : form.token());
        return HttpResponse.ok();
    }

    private static String rateKey(Caller caller) {
        return caller.principal().isToken() ? "token:" + caller.principal().tokenId() : "user:" + caller.userId();
    }
}
