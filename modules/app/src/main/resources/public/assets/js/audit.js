// A workspace's audit trail, readable (issue #22, item 8): the API records ids (actor, target,
// the project ids inside `details`); the page puts the names it can read beside them (members,
// projects, every credential of the workspace from the inventory) and links each to the tab that
// shows it. An id the caller may not resolve stays an id: the page never guesses.
import { get, all, enc } from './api.js';
import { h, field, alertBox, table, td } from './ui.js';
import { when } from './reading.js';

const AUDIT_ACTIONS = ['token.created', 'token.regenerated', 'token.rotated', 'token.reuse_detected', 'token.copied', 'token.updated', 'token.revoked',
  'token.revoked_as_leaked', 'token.expired_on_use', 'token.refused_ip', 'token.refused_policy',
  'token.used_from_new_ip', 'member.added', 'member.updated', 'member.removed', 'policy.updated',
  'access_rule.created', 'access_rule.updated', 'access_rule.deleted'];

const KIND_WORDS = { personal: 'personal token', workspace: 'workspace token', service: 'service token' };
const KIND_TAB = { personal: 'credentials', workspace: 'tokens', service: 'service-users' };
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** id -> {name, kind, href} for everything of the workspace the caller may read. */
async function directory(ws) {
  const base = `/api/workspaces/${enc(ws.id)}`;
  const tab = (key) => `#/w/${enc(ws.slug)}/${key}`;
  const quietly = (p) => p.catch(() => []);
  const [members, projects, credentials, workspaceTokens] = await Promise.all([
    quietly(all(`${base}/members`)), quietly(all(`${base}/projects`)),
    quietly(all(`${base}/credentials`)), quietly(all(`${base}/tokens`))]);
  const names = new Map([[ws.id, { name: ws.name, kind: 'workspace', href: tab('policy') }]]);
  for (const m of members) {
    names.set(m.userId, { name: `${m.firstName || ''} ${m.lastName || ''}`.trim() || m.email, kind: 'user', href: tab('members') });
  }
  for (const p of projects) names.set(p.id, { name: p.name, kind: 'project', href: tab('projects') });
  for (const t of workspaceTokens) names.set(t.id, { name: t.name, kind: 'workspace', href: tab(KIND_TAB.workspace) });
  for (const c of credentials) {
    names.set(c.id, { name: c.name, kind: c.kind, owner: c.owner, href: tab(KIND_TAB[c.kind] || 'credentials') });
  }
  return names;
}

/** An actor or target: its name linked to where it is shown, its kind, and the id on hover. */
function party(ref, kind, names) {
  if (!ref) return '—';
  if (ref.type === 'anonymous') return h('span', { class: 'muted' }, 'anonymous (a leak report or the system)');
  const known = ref.id && names.get(ref.id);
  const isToken = ref.type === 'token';
  const kindWord = isToken ? (KIND_WORDS[kind || (known && known.kind)] || 'token') : ref.type;
  if (!known) {
    return h('span', { class: 'party', title: ref.id || '' }, h('code', {}, ref.id || '—'),
      h('span', { class: 'muted party-kind' }, ` ${kindWord}`));
  }
  return h('span', { class: 'party', title: ref.id },
    h('a', { href: known.href, class: 'party-name', dataset: { id: ref.id } }, known.name),
    h('span', { class: 'muted party-kind' }, ` ${kindWord}`),
    known.owner ? h('span', { class: 'muted' }, ` of ${known.owner}`) : null);
}

/** The event's details, with the ids it mentions replaced by names where known. */
function detailsText(details, names) {
  if (!details) return '—';
  const out = [];
  let last = 0;
  for (const m of details.matchAll(UUID)) {
    const known = names.get(m[0].toLowerCase());
    if (!known) continue;
    out.push(details.slice(last, m.index),
      h('a', { href: known.href, title: m[0], class: 'detail-ref' }, known.name));
    last = m.index + m[0].length;
  }
  out.push(details.slice(last));
  return h('span', { class: 'details' }, out);
}

export async function auditTab(host, ws) {
  const base = `/api/workspaces/${enc(ws.id)}/audit-events`;
  const action = h('input', { type: 'text', id: 'audit-action', placeholder: 'e.g. token.revoked', list: 'audit-actions' });
  const actions = h('datalist', { id: 'audit-actions' }, AUDIT_ACTIONS.map((a) => h('option', { value: a })));
  const from = h('input', { type: 'date', id: 'audit-from' });
  const to = h('input', { type: 'date', id: 'audit-to' });
  const alert = alertBox();
  const results = h('div', { id: 'audit-results' });
  const namesReady = directory(ws);
  let cursor = null;
  const more = h('button', { type: 'button', hidden: true, onclick: () => load(false) }, 'Load more');
  const emptyText = () => {
    const filtered = action.value.trim() || from.value || to.value;
    if (!filtered) return 'Nothing has been recorded in this workspace yet.';
    const what = action.value.trim() ? `No ${action.value.trim()} events` : 'No events';
    const span = [from.value && `from ${from.value}`, to.value && `to ${to.value}`].filter(Boolean).join(' ');
    return `${what}${span ? ` ${span}` : ''}. Clear the filters to see everything.`;
  };
  async function load(fresh) {
    alert.clear();
    const q = new URLSearchParams({ limit: '50' });
    if (action.value.trim()) q.set('action', action.value.trim());
    if (from.value) q.set('from', new Date(`${from.value}T00:00:00Z`).toISOString());
    if (to.value) q.set('to', new Date(`${to.value}T23:59:59Z`).toISOString());
    if (!fresh && cursor) q.set('cursor', cursor);
    try {
      const [page, names] = await Promise.all([get(`${base}?${q}`), namesReady]);
      cursor = page.nextCursor; more.hidden = !cursor;
      const rows = (page.items || []).map((e) => h('tr', { class: 'audit-row', dataset: { action: e.action } },
        td('When', when(e.occurredAt, '—')),
        td('Action', h('code', {}, e.action || '—')),
        td('Actor', party(e.actor, null, names)),
        td('Target', party(e.target || (e.targetId ? { type: e.targetType, id: e.targetId } : null), e.tokenKind, names)),
        td('Details', detailsText(e.details, names)),
        td('From', e.ip || '—', e.userAgent ? h('div', { class: 'ua' }, e.userAgent) : null)));
      const tbody = results.querySelector('tbody');
      if (!fresh && tbody) tbody.append(...rows);
      else results.replaceChildren(table('Audit events', ['When', 'Action', 'Actor', 'Target', 'Details', 'From'], rows, emptyText(), { id: 'audit-table' }));
    } catch (err) {
      alert.show(err);
      if (fresh) { results.replaceChildren(); more.hidden = true; }
    }
  }
  const form = h('form', { class: 'toolbar', id: 'audit-filters', role: 'search', 'aria-label': 'Filter the audit trail',
    onsubmit: (e) => { e.preventDefault(); cursor = null; return load(true); } },
  field('Action', action), actions, field('From', from), field('To', to),
  h('button', { type: 'submit', class: 'primary' }, 'Filter'));
  host.replaceChildren(h('h2', {}, 'Audit trail'), form, alert, results, more);
  await load(true);
}
