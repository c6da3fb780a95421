package dev.latchkey.directory.access;

import dev.latchkey.directory.tokens.TokenSettings;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.authz.Grant;
import dev.latchkey.authz.Grants;
import dev.latchkey.authz.ProjectRole;
import dev.latchkey.authz.Rights;
import dev.latchkey.directory.common.AfterCommit;
import dev.latchkey.directory.member.Membership;
import dev.latchkey.directory.member.MembershipRepository;
import dev.latchkey.directory.member.ProjectRoleAssignment;
import dev.latchkey.directory.member.ProjectRoleRepository;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * What a human may do right now, from its memberships. Cached per node for
 * {@code latchkey.tokens.cache-ttl} so a busy token costs no query per request; a change made on
 * this node invalidates at once, other nodes see it through the invalidation journal.
 */
@Singleton
public class SubjectRights {
    private final MembershipRepository memberships;
    private final ProjectRoleRepository projectRoles;
    private final Cache<UUID, Rights> cache;
    private final Consumer<String> eviction;

    public SubjectRights(MembershipRepository memberships, ProjectRoleRepository projectRoles, AfterCommit afterCommit,
                         TokenSettings settings) {
        this.memberships = memberships;
        this.projectRoles = projectRoles;
        this.cache = Caffeine.newBuilder().expireAfterWrite(settings.cacheTtl()).maximumSize(100_000).recordStats().build();
        afterCommit.monitor("subject-rights", cache);
        this.eviction = afterCommit.shared("subject-rights", key -> cache.invalidate(UUID.fromString(key)));
    }

    public Rights ofHuman(UUID userId) {
        return cache.get(userId, this::load);
    }

    /** The cached rights only, without loading. */
    public java.util.Optional<Rights> ifCached(UUID userId) {
        return java.util.Optional.ofNullable(cache.getIfPresent(userId));
    }

    public void invalidate(UUID userId) {
        eviction.accept(userId.toString());
    }

    public void invalidateAll() {
        cache.invalidateAll();
    }

    private Rights load(UUID userId) {
        Map<UUID, Map<UUID, ProjectRole>> rolesByWorkspace = new HashMap<>();
        for (ProjectRoleAssignment a : projectRoles.findByUserId(userId)) {
            rolesByWorkspace.computeIfAbsent(a.workspaceId(), w -> new HashMap<>()).put(a.projectId(), a.role());
        }
        List<Grant> grants = new ArrayList<>();
        grants.add(Grants.self(userId));
        for (Membership m : memberships.findByUserId(userId)) {
            grants.addAll(Grants.forMembership(m.workspaceId(), m.role(),
                    rolesByWorkspace.getOrDefault(m.workspaceId(), Map.of())));
        }
        return Rights.of(grants);
    }
}
