package dev.latchkey.notifications.expiry;

import dev.latchkey.directory.audit.AuditAction;
import dev.latchkey.directory.audit.AuditEvent;
import dev.latchkey.directory.audit.AuditTrail;
import dev.latchkey.directory.common.Times;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Expiry e-mails: a token that will expire gets one notice per threshold — 7 days always, 30 and
 * 60 days when its lifetime is longer than that — sent to its owner (a personal token's user; for
 * workspace and service tokens, the workspace's owners), less those who switched expiry e-mails
 * off. A scan sends only the nearest threshold that has been reached, so a token first seen 20 days
 * before expiry gets the 30-day notice, not the 60-day one as well.
 *
 * <p>Once across nodes: before sending, a node inserts the row (token, threshold, expiry) into
 * {@code expiry_notices}; the primary key lets one insert win and every other node skips. If the
 * message cannot be sent the claim is removed, so a later scan tries again. A regenerated token
 * (new expiry) is a new lifetime and is warned again.
 *
 * <p>Every notice is audited ({@code token.expiring}, which also raises the webhook event); with
 * no SMTP configured the message goes to the log and the audit trail. Never the token itself:
 * only its name and hint.
 *
 * <p>The token tables are read with SQL here rather than through the three token modules: this is
 * a read across all kinds, like a report, and keeps the token modules unaware of notifications.
 */
@Singleton
public class ExpiryNotices {
    private static final Logger LOG = LoggerFactory.getLogger(ExpiryNotices.class);
    public static final List<Integer> THRESHOLDS = List.of(7, 30, 60);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM uuuu, HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC).withLocale(java.util.Locale.ENGLISH);

    /** One token near its expiry, whatever its kind. */
    record Expiring(String kind, UUID id, String name, String hint, Instant issuedAt, Instant expiresAt,
                    @Nullable UUID workspaceId, @Nullable String workspaceSlug, @Nullable UUID ownerUserId) {
    }

    record Recipient(UUID userId, String email) {
    }

    private final TransactionOperations<Connection> transactions;
    private final ExpiryMailer mailer;
    private final AuditTrail audit;
    private final NotificationSettings settings;
    private final Clock clock;

    ExpiryNotices(TransactionOperations<Connection> transactions, ExpiryMailer mailer, AuditTrail audit,
                  NotificationSettings settings, Clock clock) {
        this.transactions = transactions;
        this.mailer = mailer;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${latchkey.notifications.expiry-scan:1h}", initialDelay = "1m")
    void scheduled() {
        try {
            scan();
        } catch (RuntimeException e) {
            LOG.warn("expiry scan failed, next scan tries again: {}", e.toString());
        }
    }

    /** The threshold (days) whose notice is due now, if any: the nearest one reached that the lifetime allows. */
    public static Optional<Integer> due(Instant issuedAt, Instant expiresAt, Instant now) {
        Duration lifetime = Duration.between(issuedAt, expiresAt);
        Duration left = Duration.between(now, expiresAt);
        if (left.isNegative() || left.isZero()) {
            return Optional.empty();
        }
        return THRESHOLDS.stream()
                .filter(days -> days == 7 || lifetime.compareTo(Duration.ofDays(days)) > 0)
                .filter(days -> left.compareTo(Duration.ofDays(days)) <= 0)
                .findFirst();
    }

    /** Looks for tokens to warn about and sends what is due; returns the number of notices this node sent. */
    public int scan() {
        Instant now = Times.now(clock);
        int sent = 0;
        for (Expiring token : expiring(now)) {
            Optional<Integer> threshold = due(token.issuedAt(), token.expiresAt(), now);
            if (threshold.isPresent() && claim(token, threshold.get(), now)) {
                try {
                    notify(token, threshold.get());
                    sent++;
                } catch (RuntimeException e) {
                    release(token, threshold.get());
                    LOG.warn("expiry notice for {} token {} not sent, next scan tries again: {}", token.kind(),
                            token.id(), e.toString());
                }
            }
        }
        return sent;
    }

    private void notify(Expiring token, int threshold) {
        List<Recipient> recipients = recipients(token);
        List<String> outcomes = new ArrayList<>();
        for (Recipient recipient : recipients) {
            outcomes.add(mailer.send(message(token, threshold, recipient.email())).name().toLowerCase(java.util.Locale.ROOT));
        }
        String delivery = outcomes.isEmpty() ? "none" : outcomes.contains("smtp") ? "smtp" : "log";
        String full = "threshold=" + threshold + "d; expiresAt=" + token.expiresAt() + "; name=" + token.name()
                + "; hint=" + token.hint() + "; delivery=" + delivery + "; to="
                + String.join(",", recipients.stream().map(Recipient::email).toList());
        // a name is the owner's text: if it looks like a token, the event keeps the facts without it
        String details = AuditTrail.containsToken(full)
                ? "threshold=" + threshold + "d; expiresAt=" + token.expiresAt() + "; delivery=" + delivery : full;
        transactions.executeWrite(status -> {
            audit.record(AuditEvent.of(AuditAction.TOKEN_EXPIRING, new AuditEvent.Actor("system", null))
                    .onToken(token.kind(), token.id(), token.workspaceId(), token.ownerUserId())
                    .withDetails(details));
            return null;
        });
    }

    ExpiryMailer.Message message(Expiring token, int threshold, String to) {
        String link = link(token);
        String kind = switch (token.kind()) {
            case "workspace" -> "workspace token";
            case "service" -> "service token";
            default -> "personal access token";
        };
        String subject = "Your Latchkey " + kind + " \"" + token.name() + "\" expires in " + threshold + " days";
        String when = DAY.format(token.expiresAt());
        String text = "Your " + kind + " \"" + token.name() + "\" (ending in " + token.hint() + ")"
                + (token.workspaceSlug() == null ? "" : " in workspace " + token.workspaceSlug())
                + " expires on " + when + " (" + token.expiresAt() + ").\n\n"
                + "Regenerate it or create a new one before then, or requests that use it will be refused:\n"
                + link + "\n\n"
                + "You get this e-mail " + threshold + " days before the expiry. Change which e-mails you get at "
                + settings.dashboardUrl() + "/#/notifications\n";
        String html = "<p>Your " + escape(kind) + " <strong>" + escape(token.name()) + "</strong> (ending in <code>"
                + escape(token.hint()) + "</code>)"
                + (token.workspaceSlug() == null ? "" : " in workspace " + escape(token.workspaceSlug()))
                + " expires on <strong>" + escape(when) + "</strong>.</p>"
                + "<p><a href=\"" + escape(link) + "\">Regenerate it or create a new one</a> before then.</p>";
        return new ExpiryMailer.Message(to, subject, text, html);
    }

    private String link(Expiring token) {
        String base = settings.dashboardUrl().replaceAll("/+$", "");
        return switch (token.kind()) {
            case "workspace" -> base + "/#/w/" + token.workspaceSlug() + "/tokens";
            case "service" -> base + "/#/w/" + token.workspaceSlug() + "/service-users";
            default -> base + "/#/tokens";
        };
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    // ---- storage ----

    private static final String WINDOW = " t.revoked_at IS NULL AND t.expires_at > ? AND t.expires_at <= ?";

    private List<Expiring> expiring(Instant now) {
        Timestamp from = Timestamp.from(now);
        Timestamp to = Timestamp.from(now.plus(Duration.ofDays(60)));
        return transactions.executeRead(status -> {
            Connection c = status.getConnection();
            List<Expiring> found = new ArrayList<>();
            query(c, "SELECT t.id, t.name, t.hint, COALESCE(t.issued_at, t.created_at), t.expires_at, t.workspace_id, w.slug,"
                    + " t.user_id FROM personal_tokens t LEFT JOIN workspaces w ON w.id = t.workspace_id"
                    + " JOIN users u ON u.id = t.user_id WHERE u.kind = 'HUMAN' AND" + WINDOW, "personal", from, to, found);
            query(c, "SELECT t.id, t.name, t.hint, t.issued_at, t.expires_at, t.workspace_id, w.slug, NULL"
                    + " FROM workspace_tokens t JOIN workspaces w ON w.id = t.workspace_id WHERE" + WINDOW,
                    "workspace", from, to, found);
            query(c, "SELECT t.id, t.name, t.hint, COALESCE(t.issued_at, t.created_at), t.expires_at, t.workspace_id, w.slug,"
                    + " NULL FROM service_tokens t JOIN workspaces w ON w.id = t.workspace_id WHERE" + WINDOW,
                    "service", from, to, found);
            return found;
        });
    }

    private static void query(Connection c, String sql, String kind, Timestamp from, Timestamp to, List<Expiring> out) {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setTimestamp(1, from);
            s.setTimestamp(2, to);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String workspace = r.getString(6);
                    String owner = r.getString(8);
                    out.add(new Expiring(kind, UUID.fromString(r.getString(1)), r.getString(2), r.getString(3),
                            r.getTimestamp(4).toInstant(), r.getTimestamp(5).toInstant(),
                            workspace == null ? null : UUID.fromString(workspace), r.getString(7),
                            owner == null ? null : UUID.fromString(owner)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("expiry scan of " + kind + " tokens failed", e);
        }
    }

    /** Personal token: its user; workspace and service tokens: the workspace's owners; less those who opted out. */
    private List<Recipient> recipients(Expiring token) {
        String sql = token.kind().equals("personal")
                ? "SELECT u.id, u.email FROM users u WHERE u.id = ? AND u.status = 'ACTIVE'"
                : "SELECT u.id, u.email FROM memberships m JOIN users u ON u.id = m.user_id"
                  + " WHERE m.workspace_id = ? AND m.role = 'OWNER' AND u.status = 'ACTIVE' ORDER BY u.email";
        String key = (token.kind().equals("personal") ? token.ownerUserId() : token.workspaceId()).toString();
        return transactions.executeRead(status -> {
            List<Recipient> found = new ArrayList<>();
            try (PreparedStatement s = status.getConnection().prepareStatement("SELECT q.id, q.email FROM (" + sql
                    + ") q LEFT JOIN notification_preferences p ON p.user_id = q.id"
                    + " WHERE p.expiry_emails IS NULL OR p.expiry_emails = TRUE")) {
                s.setString(1, key);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        found.add(new Recipient(UUID.fromString(r.getString(1)), r.getString(2)));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("expiry recipients", e);
            }
            return found;
        });
    }

    /** True if this node inserted the claim; false if another node (or an earlier scan) already did. */
    private boolean claim(Expiring token, int threshold, Instant now) {
        return transactions.executeWrite(status -> {
            try (PreparedStatement s = status.getConnection().prepareStatement("INSERT INTO expiry_notices"
                    + " (token_id, threshold_days, expires_at, token_kind, sent_at) VALUES (?, ?, ?, ?, ?)")) {
                s.setString(1, token.id().toString());
                s.setInt(2, threshold);
                s.setTimestamp(3, Timestamp.from(token.expiresAt()));
                s.setString(4, token.kind());
                s.setTimestamp(5, Timestamp.from(now));
                return s.executeUpdate() == 1;
            } catch (SQLIntegrityConstraintViolationException e) {
                return false;
            } catch (SQLException e) {
                if ("23000".equals(e.getSQLState()) || "23505".equals(e.getSQLState())) {
                    return false;
                }
                throw new IllegalStateException("expiry notice claim", e);
            }
        });
    }

    private void release(Expiring token, int threshold) {
        transactions.executeWrite(status -> {
            try (PreparedStatement s = status.getConnection().prepareStatement("DELETE FROM expiry_notices"
                    + " WHERE token_id = ? AND threshold_days = ? AND expires_at = ?")) {
                s.setString(1, token.id().toString());
                s.setInt(2, threshold);
                s.setTimestamp(3, Timestamp.from(token.expiresAt()));
                return s.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("expiry notice release", e);
            }
        });
    }
}
