package dev.latchkey.directory.audit;

import dev.latchkey.directory.common.Ids;
import dev.latchkey.directory.common.Page;
import dev.latchkey.directory.common.PageRequest;
import dev.latchkey.directory.common.Times;
import dev.latchkey.tokens.core.TokenFormat;
import dev.latchkey.tokens.core.TokenRedaction;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The append-only record of what happened to tokens, memberships and policies. A change and its
 * event are written in the same transaction when the caller has one, so there is no change
 * without its event.
 *
 * <p>Never a token string: text Latchkey writes itself ({@code details}) is refused if it holds
 * anything a secret scanner would match, since that is a bug to fix, not data to keep; text a
 * client sent (user agent, forwarded address) is redacted instead, so a client cannot make an
 * audited request fail by putting a token in its User-Agent. Every text is redacted before it is
 * cut to its column ({@link TokenRedaction#redactThenCut}), so a token straddling the limit cannot
 * leave its first half behind.
 */
@Singleton
public class AuditTrail {
    /** What a secret scanner reports as a token; the trail refuses details that hold one. */
    public static final String TOKEN_REGEX = TokenFormat.SCANNER_REGEX;
    public static final int MAX_USER_AGENT = 256;
    public static final int MAX_DETAILS = 1000;
    public static final int MAX_IP = 64;
    static final String REDACTED = TokenRedaction.REDACTED;

    private static final UUID NEWEST = new UUID(-1L, -1L);
    private static final UUID START = new UUID(0L, 0L);

    private final AuditEventRepository events;
    private final Clock clock;
    private final List<AuditListener> listeners;

    public AuditTrail(AuditEventRepository events, Clock clock, List<AuditListener> listeners) {
        this.events = events;
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
    }

    public void record(AuditEvent event) {
        // checked before any cut, so a token at the limit is still seen; what is kept is redacted, then cut
        if (containsToken(event.details())) {
            throw new IllegalArgumentException("audit details must never hold a token (" + event.action().code() + ")");
        }
        String details = TokenRedaction.redactThenCut(event.details(), MAX_DETAILS);
        AuditEventRow row = events.save(new AuditEventRow(Ids.newId(), Times.now(clock), event.action().code(),
                event.actor().type(), event.actor().id(), event.targetType(), event.targetId(), event.tokenKind(),
                event.workspaceId(), event.ownerUserId(), TokenRedaction.redactThenCut(event.ip(), MAX_IP),
                TokenRedaction.redactThenCut(event.userAgent(), MAX_USER_AGENT),
                details));
        // in the same transaction as the event (when the caller has one): no event without its follow-ups
        for (AuditListener listener : listeners) {
            listener.recorded(row);
        }
    }

    /** What the {@code ?action=&from=&to=} filters asked for; every part optional. */
    public record Filter(@Nullable AuditAction action, @Nullable Instant from, @Nullable Instant to) {
    }

    public <T> Page<T> ofWorkspace(UUID workspaceId, Filter filter, PageRequest page, Function<AuditEventRow, T> view) {
        List<AuditEventRow> rows = events.pageOfWorkspace(workspaceId, before(page), action(filter), from(filter),
                to(filter), page.fetchSize());
        return Page.of(rows, page, AuditEventRow::id, view);
    }

    public <T> Page<T> ofUser(UUID userId, Filter filter, PageRequest page, Function<AuditEventRow, T> view) {
        List<AuditEventRow> rows = events.pageOfUser(userId, before(page), action(filter), from(filter), to(filter),
                page.fetchSize());
        return Page.of(rows, page, AuditEventRow::id, view);
    }

    public static boolean containsToken(String text) {
        return TokenRedaction.containsToken(text);
    }

    /** Blanks out tokens and token parts ({@link TokenRedaction#redact}); for client-supplied text that goes into an event. */
    public static String redact(String text) {
        return TokenRedaction.redact(text);
    }

    // the log reads newest first, so "no cursor" means "before the newest possible id"
    private static UUID before(PageRequest page) {
        return START.equals(page.after()) ? NEWEST : page.after();
    }

    private static String action(Filter filter) {
        return filter.action() == null ? "" : filter.action().code();
    }

    private static Instant from(Filter filter) {
        return filter.from() == null ? Instant.EPOCH : filter.from();
    }

    // far enough for any event, near enough for MySQL's DATETIME range
    private static Instant to(Filter filter) {
        return filter.to() == null ? Instant.parse("9999-01-01T00:00:00Z") : filter.to();
    }
}
