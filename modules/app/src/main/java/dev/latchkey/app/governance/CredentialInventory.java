package dev.latchkey.app.governance;

import dev.latchkey.app.security.TokenAuthenticator;
import dev.latchkey.app.security.TokenEvents;
import dev.latchkey.authz.Permission;
import dev.latchkey.authz.Resource;
import dev.latchkey.directory.access.Access;
import dev.latchkey.directory.access.Caller;
import dev.latchkey.directory.audit.AuditAction;
import dev.latchkey.directory.audit.AuditEvent;
import dev.latchkey.directory.common.Ids;
import dev.latchkey.directory.common.ProblemException;
import dev.latchkey.directory.governance.PersonalTokenAccess;
import dev.latchkey.directory.governance.PersonalTokenAccesses;
import dev.latchkey.directory.access.SubjectRights;
import dev.latchkey.directory.workspace.Workspace;
import dev.latchkey.directory.workspace.Workspaces;
import dev.latchkey.tokens.core.TokenKind;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A workspace's credential inventory (issue #19): every credential that can act in it, of every
 * kind, with its state there. Readable by those who manage the workspace (OWNER, ADMIN); only an OWNER
 * also sees which other workspaces a member's unlimited PAT reaches. Bulk revoke revokes workspace
 * and service tokens and cuts members' PATs off from this workspace only
 * ({@link PersonalTokenAccesses#exclude}).
 */
@Singleton
public class CredentialInventory {
    static final int MAX_IDS = 100;
    static final int MAX_PAGE = 200;
    private final CredentialInventoryRepository rows;
    private final PersonalTokenAccesses accesses;
    private final Workspaces workspaces;
    private final SubjectRights subjectRights;
    private final Access access;
    private final TokenEvents events;
    private final Clock clock;

    CredentialInventory(CredentialInventoryRepository rows, PersonalTokenAccesses accesses, Workspaces workspaces,
                        SubjectRights subjectRights, Access access, TokenEvents events, Clock clock) {
        this.rows = rows;
        this.accesses = accesses;
        this.workspaces = workspaces;
        this.subjectRights = subjectRights;
        this.access = access;
        this.events = events;
        this.clock = clock;
    }

    /**
     * @param state           active, expired, revoked, or (PATs) pending, denied, excluded in this workspace
     * @param note            an owner's note on an approval decision
     * @param otherWorkspaces for an OWNER: the slugs of the other workspaces an unlimited PAT reaches; null otherwise
     */
    public record Credential(CredentialRow row, String state, @Nullable String note,
                             @Nullable List<String> otherWorkspaces) {
        boolean live() {
            return "active".equals(state) || "pending".equals(state) || "denied".equals(state);
        }
    }

    public record Listing(List<Credential> items, int total, @Nullable Integer nextOffset) {
    }

    public record Revocation(List<UUID> revoked, List<UUID> excluded, List<UUID> unchanged, List<String> notFound) {
    }

    /** The page asked for; {@code params} are the query parameters as sent (unknown ones are a 400). */
    public Listing list(Caller caller, String ws, Map<String, String> params) {
        CredentialFilter filter = CredentialFilter.parse(params, Set.of("sort", "limit", "offset"), "");
        int limit = number(params, "limit", 1, MAX_PAGE, 50);
        int offset = number(params, "offset", 0, Integer.MAX_VALUE, 0);
        List<Credential> all = matching(caller, ws, filter);
        int from = Math.min(offset, all.size());
        List<Credential> page = all.subList(from, (int) Math.min(all.size(), (long) from + limit));
        Integer next = offset + page.size() < all.size() ? offset + page.size() : null;
        return new Listing(page, all.size(), next);
    }

    /** Every matching credential as CSV (RFC 4180, via Commons CSV), no paging. */
    public String csv(Caller caller, String ws, Map<String, String> params) {
        CredentialFilter filter = CredentialFilter.parse(params, Set.of("sort"), "");
        List<Credential> all = matching(caller, ws, filter);
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader("kind", "id", "name", "owner",
                "createdAt", "expiresAt", "lastUsedAt", "lastUsedIp", "state").get())) {
            for (Credential c : all) {
                CredentialRow r = c.row();
                printer.printRecord(r.kind(), r.id(), cell(r.name()), cell(r.ownerEmail()), r.createdAt(),
                        text(r.expiresAt()), text(r.lastUsedAt()), cell(r.lastUsedIp()), c.state());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Revokes by ids (like every revoke-many: an id of no credential of this workspace — another
     * tenant's included — is reported in {@code notFound} and touched nowhere) or by a non-empty
     * filter. Already revoked, expired or cut-off credentials are reported unchanged.
     */
    @Transactional
    public Revocation revoke(Caller caller, String ws, @Nullable List<String> ids, @Nullable Map<String, String> filter) {
        if ((ids == null) == (filter == null)) {
            throw ProblemException.badRequest("ids", "send either ids (1-" + MAX_IDS + " credential ids) or a filter");
        }
        Workspace workspace = workspaces.resolve(caller, ws, Permission.WORKSPACE_MANAGE);
        List<Credential> selected;
        List<String> notFound = new ArrayList<>();
        if (ids != null) {
            selected = byIds(caller, workspace, ids, notFound);
        } else {
            CredentialFilter parsed = CredentialFilter.parse(filter, Set.of(), "filter.");
            if (parsed.isEmpty()) {
                throw ProblemException.badRequest("filter", "a bulk revoke by filter needs at least one filter");
            }
            selected = credentials(caller, workspace, parsed);
        }
        // every permission first, so a refusal writes nothing: each kind is revoked under its own permission
        Resource.Workspace resource = new Resource.Workspace(workspace.id());
        selected.stream().filter(Credential::live).map(c -> permissionToRevoke(c.row().kind())).distinct()
                .forEach(p -> access.require(caller, p, resource));
        List<UUID> revoked = new ArrayList<>();
        List<UUID> excluded = new ArrayList<>();
        List<UUID> unchanged = new ArrayList<>();
        for (Credential c : selected) {
            CredentialRow r = c.row();
            if (!c.live()) {
                unchanged.add(r.id());
            } else if (CredentialRow.PERSONAL.equals(r.kind())) {
                accesses.exclude(caller, r.id(), r.ownerId(), workspace.id());
                excluded.add(r.id());
            } else {
                events.revoke(new TokenAuthenticator.Identified(kindOf(r.kind()), r.id()),
                        "revoked from the credential inventory of workspace " + workspace.id(),
                        AuditEvent.by(caller, AuditAction.TOKEN_REVOKED).withDetails("bulk revoke from the credential inventory"));
                revoked.add(r.id());
            }
        }
        return new Revocation(revoked, excluded, unchanged, notFound);
    }

    /** The credentials among {@code ids}; an id of no credential of this workspace goes to {@code notFound}, untouched. */
    private List<Credential> byIds(Caller caller, Workspace workspace, List<String> ids, List<String> notFound) {
        if (ids.isEmpty() || ids.size() > MAX_IDS) {
            throw ProblemException.badRequest("ids", "ids must list 1 to " + MAX_IDS + " credential ids");
        }
        Set<UUID> wanted = new LinkedHashSet<>();
        for (String id : ids) {
            wanted.add(Ids.parse(id == null ? "" : id).orElseThrow(() ->
                    ProblemException.badRequest("ids", "'" + id + "' is not a credential id")));
        }
        Map<UUID, Credential> known = credentials(caller, workspace, CredentialFilter.NONE).stream()
                .collect(Collectors.toMap(c -> c.row().id(), c -> c, (a, b) -> a, LinkedHashMap::new));
        wanted.stream().filter(id -> !known.containsKey(id)).map(UUID::toString).forEach(notFound::add);
        return wanted.stream().filter(known::containsKey).map(known::get).toList();
    }

    private List<Credential> matching(Caller caller, String ws, CredentialFilter filter) {
        return credentials(caller, workspaces.resolve(caller, ws, Permission.WORKSPACE_MANAGE), filter);
    }

    private List<Credential> credentials(Caller caller, Workspace workspace, CredentialFilter filter) {
        Instant now = clock.instant();
        boolean owner = access.allows(caller, Permission.OWNER, new Resource.Workspace(workspace.id()));
        Map<UUID, PersonalTokenAccess> governed = new HashMap<>();
        for (PersonalTokenAccess a : accesses.ofWorkspace(workspace.id())) {
            governed.put(a.tokenId(), a);
        }
        List<CredentialRow> inventory = rows.inventory(workspace.id());
        Map<UUID, List<String>> reach = owner ? reach(inventory, workspace.id()) : Map.of();
        List<Credential> out = new ArrayList<>();
        for (CredentialRow r : inventory) {
            PersonalTokenAccess a = governed.get(r.id());
            List<String> others = owner && CredentialRow.PERSONAL.equals(r.kind()) && r.limitedTo() == null
                    ? reach.get(r.ownerId()) : null;
            Credential c = new Credential(r, state(r, a, now), a == null ? null : a.note(), others);
            if (filter.matches(c, now)) {
                out.add(c);
            }
        }
        out.sort(filter.order());
        return out;
    }

    /**
     * For each owner of an unlimited PAT among the rows, the slugs of the other workspaces it reaches,
     * sorted: the owners' rights one by one (cached per user), every slug in one read.
     */
    private Map<UUID, List<String>> reach(List<CredentialRow> inventory, UUID except) {
        Map<UUID, Set<UUID>> workspacesOf = new HashMap<>();
        for (CredentialRow r : inventory) {
            if (CredentialRow.PERSONAL.equals(r.kind()) && r.limitedTo() == null) {
                workspacesOf.computeIfAbsent(r.ownerId(), u -> {
                    Set<UUID> ids = new LinkedHashSet<>(subjectRights.ofHuman(u).workspaceIds());
                    ids.remove(except);
                    return ids;
                });
            }
        }
        Set<UUID> all = new LinkedHashSet<>();
        workspacesOf.values().forEach(all::addAll);
        Map<UUID, String> slugs = workspaces.slugsOf(all);
        Map<UUID, List<String>> reach = new HashMap<>();
        workspacesOf.forEach((user, ids) -> reach.put(user, ids.stream().map(slugs::get)
                .filter(java.util.Objects::nonNull).sorted().toList()));
        return reach;
    }

    private static String state(CredentialRow r, @Nullable PersonalTokenAccess a, Instant now) {
        if (r.revokedAt() != null) {
            return "revoked";
        }
        if (r.expiresAt() != null && !r.expiresAt().isAfter(now)) {
            return "expired";
        }
        return a == null || a.stateValue() == PersonalTokenAccess.State.APPROVED ? "active" : a.state();
    }

    /** Workspace tokens are the token managers'; service tokens the service-user managers'; cutting a member's PAT off is managing the workspace's members. */
    private static Permission permissionToRevoke(String kind) {
        return switch (kind) {
            case CredentialRow.WORKSPACE -> Permission.TOKENS_MANAGE;
            case CredentialRow.SERVICE -> Permission.SERVICE_USERS_MANAGE;
            default -> Permission.WORKSPACE_MANAGE;
        };
    }

    static TokenKind kindOf(String kind) {
        return switch (kind) {
            case CredentialRow.PERSONAL -> TokenKind.PERSONAL;
            case CredentialRow.WORKSPACE -> TokenKind.WORKSPACE;
            default -> TokenKind.SERVICE;
        };
    }

    private static int number(Map<String, String> params, String name, int min, int max, int fallback) {
        String v = params.get(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the problem below
        }
        throw ProblemException.badRequest(name, name + " must be a whole number, " + min + "-" + max);
    }

    /** A spreadsheet must not run a cell as a formula: user-chosen text starting with = + - @ is quoted with '. */
    static @Nullable String cell(@Nullable String text) {
        if (text != null && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }

    private static String text(@Nullable Instant instant) {
        return instant == null ? "" : instant.toString();
    }
}
