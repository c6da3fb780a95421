package dev.latchkey.directory.user;

import dev.latchkey.directory.tokens.TokenSettings;
import dev.latchkey.directory.common.AfterCommit;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.inject.Singleton;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * Whether a token's user is active, asked at every token use and cached per node for
 * {@code latchkey.tokens.cache-ttl} so a busy token costs no query per request. Whoever suspends,
 * reactivates or deletes a user on this node calls {@link #evict}, so there it counts at once;
 * other nodes follow through the invalidation journal.
 */
@Singleton
public class ActiveUsers {
    private final Users users;
    private final Cache<UUID, Boolean> cache;
    /** Apart from {@link #cache}: a session's check must not warm (or be warmed by) a token's. */
    private final Cache<UUID, Boolean> activeHumans;
    private final Consumer<String> eviction;

    public ActiveUsers(Users users, AfterCommit afterCommit, TokenSettings settings) {
        this.users = users;
        this.cache = Caffeine.newBuilder().expireAfterWrite(settings.cacheTtl()).maximumSize(100_000).recordStats().build();
        this.activeHumans = Caffeine.newBuilder().expireAfterWrite(settings.cacheTtl()).maximumSize(100_000).recordStats().build();
        afterCommit.monitor("active-users", cache);
        afterCommit.monitor("active-humans", activeHumans);
        this.eviction = afterCommit.shared("active-users", key -> {
            UUID userId = UUID.fromString(key);
            cache.invalidate(userId);
            activeHumans.invalidate(userId);
        });
    }

    /** Whether the user is an ACTIVE HUMAN, the only subject a login session may have. */
    public boolean isActiveHuman(UUID userId) {
        return activeHumans.get(userId, id -> users.findActive(id).filter(u -> u.kind() == UserKind.HUMAN).isPresent());
    }

    /** {@link #isActiveHuman} if this node has the answer cached; empty otherwise (nothing is loaded). */
    public java.util.Optional<Boolean> isActiveHumanIfCached(UUID userId) {
        return java.util.Optional.ofNullable(activeHumans.getIfPresent(userId));
    }

    public boolean isActive(UUID userId) {
        return cache.get(userId, id -> users.findActive(id).isPresent());
    }

    /** The cached answer only, without loading. */
    public java.util.Optional<Boolean> ifCached(UUID userId) {
        return java.util.Optional.ofNullable(cache.getIfPresent(userId));
    }

    public void evict(UUID userId) {
        eviction.accept(userId.toString());
    }
}
