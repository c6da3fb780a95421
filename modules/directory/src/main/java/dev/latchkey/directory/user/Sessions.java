package dev.latchkey.directory.user;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.audit.AuditAction;
import dev.latchkey.directory.audit.AuditEvent;
import dev.latchkey.directory.audit.AuditTrail;
import dev.latchkey.directory.common.AfterCommit;
import dev.latchkey.directory.tokens.TokenSettings;
import dev.latchkey.directory.common.Times;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * Which login sessions are alive, in the database so every node agrees: a session is admitted
 * while its user is an ACTIVE human, its epoch is the user's current one (or it is the session
 * that moved the epoch on) and it has not been ended by logout. The answers are cached per node
 * for {@code latchkey.tokens.cache-ttl}, like token look-ups; the node that ends sessions evicts
 * at once, the others through the invalidation journal within a second.
 */
@Singleton
public class Sessions {
    private final SessionEpochRepository epochs;
    private final EndedSessionRepository ended;
    private final ActiveUsers activeUsers;
    private final java.util.function.Consumer<String> endedEviction;
    private final java.util.function.Consumer<String> epochEviction;
    private final AuditTrail audit;
    private final Clock clock;
    private final Cache<UUID, SessionEpoch> epochCache;
    private final Cache<UUID, Boolean> endedCache;

    public Sessions(SessionEpochRepository epochs, EndedSessionRepository ended,
                    ActiveUsers activeUsers, AfterCommit afterCommit, AuditTrail audit, Clock clock,
                    TokenSettings settings) {
        Duration ttl = settings.cacheTtl();
        this.epochs = epochs;
        this.ended = ended;
        this.activeUsers = activeUsers;
        this.audit = audit;
        this.clock = clock;
        this.epochCache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).recordStats().build();
        this.endedCache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).recordStats().build();
        afterCommit.monitor("session-epochs", epochCache);
        afterCommit.monitor("ended-sessions", endedCache);
        // a logout or a password change reaches every node through the invalidation journal
        this.endedEviction = afterCommit.shared("ended-sessions", key -> endedCache.invalidate(UUID.fromString(key)));
        this.epochEviction = afterCommit.shared("session-epochs", key -> epochCache.invalidate(UUID.fromString(key)));
    }

    /** The epoch a session logging in now belongs to (read fresh: a login is rare and must not get a dead epoch). */
    public long currentEpoch(UUID userId) {
        return epochs.findById(userId).map(SessionEpoch::epoch).orElse(0L);
    }

    /** Whether a session whose JWT passed the signature and claim rules may act now. May query the database. */
    public boolean admits(Session session) {
        UUID userId = session.userId();
        return activeUsers.isActiveHuman(userId)
                && epochCache.get(userId, id -> epochs.findById(id).orElseGet(() -> SessionEpoch.initial(id)))
                        .admits(session.sessionId(), session.epoch())
                && !endedCache.get(session.sessionId(), ended::existsById);
    }

    /**
     * {@link #admits} from this node's caches alone (no I/O: for the event loop), or empty when a
     * part of the answer it needs is not cached. The same parts, in the same order, from the same
     * caches, so the answer is the one {@link #admits} would give now.
     */
    public java.util.Optional<Boolean> admitsIfCached(Session session) {
        java.util.Optional<Boolean> human = activeUsers.isActiveHumanIfCached(session.userId());
        if (human.isEmpty() || !human.get()) {
            return human;
        }
        SessionEpoch epoch = epochCache.getIfPresent(session.userId());
        if (epoch == null || !epoch.admits(session.sessionId(), session.epoch())) {
            return epoch == null ? java.util.Optional.empty() : java.util.Optional.of(false);
        }
        Boolean ended = endedCache.getIfPresent(session.sessionId());
        return ended == null ? java.util.Optional.empty() : java.util.Optional.of(!ended);
    }

    /** Logout: this session's JWT is refused from now on, on every node. */
    @Transactional
    public void end(Caller caller, Session session) {
        if (!ended.existsById(session.sessionId())) {
            ended.save(new EndedSession(session.sessionId(), session.userId(), session.expiresAt()));
            audit.record(AuditEvent.by(caller, AuditAction.USER_LOGGED_OUT).onUser(session.userId()));
        }
        endedEviction.accept(session.sessionId().toString());
    }

    /** Ends every session of the user except {@code keep} (a password change keeps the session that made it). */
    @Transactional
    public void endAllOthers(UUID userId, UUID keep) {
        SessionEpoch current = epochs.findById(userId).orElse(null);
        SessionEpoch next = new SessionEpoch(userId, current == null ? 1 : current.epoch() + 1, keep, Times.now(clock));
        if (current == null) {
            epochs.save(next);
        } else {
            epochs.update(next);
        }
        epochEviction.accept(userId.toString());
    }

    /** An ended session's row is needed only until its JWT would have expired anyway. */
    @Scheduled(fixedDelay = "1h", initialDelay = "5m")
    void purgeExpired() {
        ended.deleteByExpiresAtLessThan(clock.instant());
    }
}
