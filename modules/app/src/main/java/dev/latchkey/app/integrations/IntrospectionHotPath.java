package dev.latchkey.app.integrations;

import dev.latchkey.app.security.ClientSecretAuthentication;
import dev.latchkey.directory.access.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.form.FormUrlEncodedDecoder;

import java.util.Map;
import java.util.Optional;

/**
 * The introspection hot path (issue #18): a resource server introspects the same busy token again
 * and again, and the answer is usually in this node's caches. Like {@link HotPathFilter}, this filter
 * answers such a request right before the security filter, skipping what the framework adds around
 * the route (the security filter's reactive fetch and rule walk, the form's binding into
 * {@code TokenForm}, the controller's reactive wrapping).
 *
 * <p>Nothing is decided here: the client is judged by the same fetcher ({@link
 * ClientSecretAuthentication#fromHeaderCached}) and the answer is the route's own ({@link
 * OAuthController#answerFromCache}: the same rate limit, judgement, counters and JSON). Anything
 * else goes on to the route as before, which reuses what was done here instead of repeating it:
 * a request the router did not match to {@code /oauth/introspect}, a body that is not one plain
 * form (a repeated field, a bad escape), a client that authenticates with {@code client_secret} in
 * the form or with a session, a client refused or not in the caches, and a token whose answer needs
 * storage. The route is {@code @Secured(IS_ANONYMOUS)} and authenticates its client itself, so the
 * skipped rule walk decided nothing for it.
 */
@ServerFilter(value = "/oauth/introspect", methods = HttpMethod.POST)
class IntrospectionHotPath implements RightBeforeSecurity {
    private final ClientSecretAuthentication clients;
    private final OAuthController oauth;
    private final FormUrlEncodedDecoder forms;

    IntrospectionHotPath(ClientSecretAuthentication clients, OAuthController oauth, FormUrlEncodedDecoder forms) {
        this.clients = clients;
        this.oauth = oauth;
        this.forms = forms;
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> answerFromCache(HttpRequest<?> request, @Nullable @Body String body) {
        if (!"/oauth/introspect".equals(HotPathFilter.routeOf(request))
                || !request.getContentType().map(MediaType.APPLICATION_FORM_URLENCODED_TYPE::matches).orElse(false)) {
            return null;
        }
        Optional<OAuthController.TokenForm> form = formOf(body, request.getCharacterEncoding());
        if (form.isEmpty() || (form.get().clientSecret() != null && !form.get().clientSecret().isBlank())) {
            return null;
        }
        Optional<Caller> client = clients.fromHeaderCached(request).flatMap(judged -> judged);
        if (client.isEmpty()) {
            return null;
        }
        return oauth.answerFromCache(client.get(), form.get(), request).orElse(null);
    }

    /**
     * The most fields a form answered here may have. The route's decoder refuses more than
     * {@code micronaut.server.netty.form-max-fields} (128: a 413), while {@link FormUrlEncodedDecoder}
     * silently stops reading at {@code micronaut.http.forms.max-decoded-key-value-parameters} (1024),
     * so a field past that (a second {@code token} or {@code client_ip}) would be unseen here. The
     * form has five fields; anything longer is the route's.
     */
    static final int MAX_FIELDS = 16;

    /**
     * The form as the route binds it, or empty for anything but one plain value per field (the route
     * decides those). The two decoders differ beyond plain ASCII forms, so those are left to the
     * route as well: {@link FormUrlEncodedDecoder} splits at a raw {@code ;} (the route's keeps it in
     * the value: {@code token=<t>;client_ip=10.0.0.1} is one unknown token there), stops at 1024
     * fields (above), and this body was read as text before the charset was looked at (a form in
     * UTF-16 is no form to the route).
     */
    private Optional<OAuthController.TokenForm> formOf(@Nullable String body, java.nio.charset.Charset charset) {
        if (body != null && !plainAscii(body, charset)) {
            return Optional.empty();
        }
        Map<String, Object> fields;
        try {
            fields = forms.decode(body == null ? "" : body, charset);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        String[] values = new String[OAuthController.TokenForm.FIELDS.size()];
        for (int i = 0; i < values.length; i++) {
            Object value = fields.get(OAuthController.TokenForm.FIELDS.get(i));
            if (value != null && !(value instanceof String)) {
                return Optional.empty();
            }
            values[i] = (String) value;
        }
        return Optional.of(new OAuthController.TokenForm(values[0], values[1], values[2], values[3], values[4]));
    }

    /** Whether both decoders read this body the same: printable ASCII in an ASCII charset, no {@code ;}, few fields. */
    private static boolean plainAscii(String body, java.nio.charset.Charset charset) {
        if (!ASCII_CHARSETS.contains(charset)) {
            return false;
        }
        int fields = 1;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c < 0x20 || c > 0x7e || c == ';' || (c == '&' && ++fields > MAX_FIELDS)) {
                return false;
            }
        }
        return true;
    }

    private static final java.util.Set<java.nio.charset.Charset> ASCII_CHARSETS = java.util.Set.of(
            java.nio.charset.StandardCharsets.UTF_8, java.nio.charset.StandardCharsets.US_ASCII,
            java.nio.charset.StandardCharsets.ISO_8859_1);
}
