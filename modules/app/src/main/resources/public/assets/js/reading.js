// Reading a list at a glance (issue #22, item 8), shared by every token list: times relative to
// now with the exact time on hover, warnings for tokens that expire soon or never, live tokens
// first, IP restrictions, and empty states that say which filter left the list empty.
import { h } from './ui.js';

/** A token expiring within this many days is flagged (the first expiry notice goes out at 7 days). */
export const SOON_DAYS = 7;
const DAY = 86400000;

const UNITS = [['year', 365 * DAY], ['month', 30 * DAY], ['week', 7 * DAY], ['day', DAY],
  ['hour', 3600000], ['minute', 60000]];
const words = new Intl.RelativeTimeFormat('en', { numeric: 'always' });

/** "in 6 days", "3 months ago", "just now". */
export function relative(iso, now = Date.now()) {
  const diff = new Date(iso).getTime() - now;
  if (Number.isNaN(diff)) return String(iso);
  if (Math.abs(diff) < 60000) return 'just now';
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return words.format(Math.round(diff / ms), unit);
  }
  return 'just now';
}

/** The exact time, with seconds and time zone, for the hover title. */
export function exact(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'long' });
}

/** A <time> that reads relative and shows the exact moment on hover; `never` when iso is empty. */
export function when(iso, never = 'Never') {
  if (!iso) return h('span', { class: 'never' }, never);
  return h('time', { datetime: iso, title: exact(iso), class: 'relative' }, relative(iso));
}

// the state the API would give at use (docs/api.md effectiveState), else the lifecycle status
const live = (t) => (t.effectiveState || t.status || 'active') === 'active';

/** The Expires cell: relative, and a warning when a live token expires within SOON_DAYS or never. */
export function expiryCell(t) {
  const at = t.expiresAt || t.expireAt || null;
  if (!at) {
    return [h('span', {}, 'Never'), live(t) ? flag('never', 'Never expires', 'A leaked secret would work until someone revokes it.') : null];
  }
  const left = new Date(at).getTime() - Date.now();
  const soon = live(t) && left > 0 && left <= SOON_DAYS * DAY;
  return [when(at), soon ? flag('soon', 'Expires soon', 'Regenerate or rotate it before it stops working.') : null];
}

function flag(kind, text, why) {
  return h('div', { class: `expiry-flag expiry-${kind}`, dataset: { expiry: kind }, title: why }, text);
}

/** The Last used cell: relative, and from which address. */
export function lastUsedCell(t) {
  if (!t.lastUsedAt) return h('span', { class: 'never' }, 'Never');
  return [when(t.lastUsedAt), t.lastUsedIp ? h('span', { class: 'muted last-ip' }, ` from ${t.lastUsedIp}`) : null];
}

/** The addresses a token is limited to, as a line under its name; nothing when it has no limit. */
export function ipLine(t) {
  const ips = Array.isArray(t.ipRestrictions) ? t.ipRestrictions
    : String(t.ipRestriction || t.ipRestrictions || '').split(',').map((s) => s.trim()).filter(Boolean);
  if (!ips.length) return null;
  return h('div', { class: 'muted ip-restrictions', dataset: { ips: ips.join(',') } }, `Only from ${ips.join(', ')}`);
}

const RANK = { active: 0, pending: 1, denied: 2, expired: 3, revoked: 4 };

/** Live tokens first, then expired, then revoked; within each, the order the API gave. */
export function activeFirst(tokens) {
  const rank = (t) => RANK[t.status] ?? (t.revokedAt ? 4 : 0);
  return tokens.map((t, i) => [t, i]).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([t]) => t);
}

/** A state filter: revoked tokens only under their own entry, the default shows the rest. */
export const STATE_FILTERS = [['current', 'Active and expired'], ['active', 'Active'], ['expired', 'Expired'],
  ['revoked', 'Revoked'], ['refused', 'Refused (policy / inactive owner / approval)'], ['all', 'All, revoked included']];

// live tokens the API refuses at use all the same: its effectiveState says why (see policy.js stateBadge)
const REFUSED = new Set(['policy_denied', 'subject_inactive', 'pending_approval', 'approval_denied']);

/** The list address for a STATE_FILTERS value: the API filters by one stored state, the rest is done here. */
export function stateUrl(base, state) {
  return ['active', 'expired', 'revoked'].includes(state) ? `${base}?state=${encodeURIComponent(state)}` : base;
}

/** Keeps what a STATE_FILTERS value shows ("current" and "refused" are done here, on what the API returned). */
export function byState(tokens, state) {
  if (!state || state === 'all') return tokens;
  if (state === 'current') return tokens.filter((t) => t.status !== 'revoked');
  if (state === 'refused') return tokens.filter((t) => REFUSED.has(t.effectiveState));
  return tokens.filter((t) => t.status === state);
}

/** What to say when a filtered list is empty. */
export function emptyFor(state, noneYet) {
  return {
    current: noneYet, all: noneYet,
    active: 'No active tokens. Revoked and expired ones are under their own filters.',
    expired: 'No expired tokens.',
    revoked: 'No revoked tokens.',
    refused: 'No refused tokens: the policy, the owner’s status and approvals let every live token through.',
  }[state || 'all'] || noneYet;
}

/** A loading notice for a page or a panel whose data is on its way. */
export function loading(text = 'Loading…') {
  return h('div', { class: 'loading', id: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), text);
}
