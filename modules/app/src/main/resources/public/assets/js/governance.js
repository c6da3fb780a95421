// Governance for workspace owners (issue #19): the credential inventory with its filters, a
// "stale" view, CSV export and bulk revoke; the queue of personal tokens waiting for approval.
// Everything here is a call of the JSON API (docs/governance.md); the page decides nothing.
import { get, post, enc, session } from './api.js';
import { expiryCell, lastUsedCell } from './reading.js';
import { h, field, select, alertBox, confirmDialog, toast, fmtDate, badge, table, td } from './ui.js';

const STALE_DAYS = 90;

export async function credentialsTab(host, ws) {
  const base = `/api/workspaces/${enc(ws.id)}/credentials`;
  const alert = alertBox();
  const kind = select({ id: 'cred-kind' }, [['', 'Every kind'], ['personal', 'Personal'], ['workspace', 'Workspace'], ['service', 'Service']], '');
  const state = select({ id: 'cred-state' }, [['', 'Every state'], ['active', 'Active'], ['pending', 'Pending'], ['denied', 'Denied'],
    ['excluded', 'Cut off'], ['expired', 'Expired'], ['revoked', 'Revoked']], '');
  const unused = h('input', { type: 'number', id: 'cred-unused', min: 0, max: 36500 });
  const expiring = h('input', { type: 'number', id: 'cred-expiring', min: 0, max: 36500 });
  const neverExpires = h('input', { type: 'checkbox', id: 'cred-never-expires' });
  const neverUsed = h('input', { type: 'checkbox', id: 'cred-never-used' });
  const q = h('input', { type: 'search', id: 'cred-q', maxlength: 200 });
  const sort = select({ id: 'cred-sort' }, [['-created', 'Newest first'], ['lastUsed', 'Least recently used'],
    ['-lastUsed', 'Most recently used'], ['expiry', 'Expiring first']], '-created');
  const listHost = h('div', { id: 'cred-list' });
  const revokeButton = h('button', { type: 'button', class: 'danger', id: 'cred-revoke', disabled: true,
    onclick: () => revokeSelected() }, 'Revoke selected');
  const exportLink = h('button', { type: 'button', id: 'cred-export', onclick: () => exportCsv() }, 'Export CSV');

  function query() {
    const p = new URLSearchParams();
    if (kind.value) p.set('kind', kind.value);
    if (state.value) p.set('state', state.value);
    if (unused.value !== '') p.set('unusedForDays', unused.value);
    if (expiring.value !== '') p.set('expiringWithinDays', expiring.value);
    if (neverExpires.checked) p.set('neverExpires', 'true');
    if (neverUsed.checked) p.set('neverUsed', 'true');
    if (q.value.trim()) p.set('q', q.value.trim());
    return p;
  }

  async function refresh() {
    alert.clear();
    const p = query();
    p.set('sort', sort.value);
    p.set('limit', '200');
    let page;
    try { page = await get(`${base}?${p}`); } catch (err) { alert.show(err); return; }
    const rows = page.items.map((c) => {
      const live = c.state === 'active' || c.state === 'pending' || c.state === 'denied';
      const box = h('input', { type: 'checkbox', class: 'cred-select', value: c.id, disabled: !live, 'aria-label': `Select ${c.name}` });
      box.addEventListener('change', () => {
        revokeButton.disabled = !listHost.querySelector('.cred-select:checked');
      });
      return h('tr', { class: 'cred-row', dataset: { credentialId: c.id, kind: c.kind } },
        td('Select', box),
        td('Kind', c.kind),
        td('Name', h('strong', {}, c.name), c.otherWorkspaces && c.otherWorkspaces.length
          ? h('div', { class: 'muted' }, `Also reaches: ${c.otherWorkspaces.join(', ')}`) : null),
        td('Owner', c.owner || '—'),
        td('Created', fmtDate(c.createdAt, false)),
        td('Expires', expiryCell({ ...c, status: c.state })),
        td('Last used', lastUsedCell(c)),
        td('State', badge(c.state)));
    });
    revokeButton.disabled = true;
    listHost.replaceChildren(h('p', { class: 'muted', id: 'cred-total' }, `${page.total} credential(s)`),
      table('Credentials that can act in this workspace', [h('span', { class: 'sr-only' }, 'Select'), 'Kind', 'Name', 'Owner', 'Created', 'Expires', 'Last used', 'State'],
        rows, 'No credential matches.', { id: 'cred-table' }));
  }

  async function revokeSelected() {
    const ids = [...listHost.querySelectorAll('.cred-select:checked')].map((b) => b.value);
    if (!ids.length) return;
    if (!await confirmDialog('Revoke credentials', `Revoke ${ids.length} credential(s)? Workspace and service tokens stop working everywhere; members’ personal tokens are cut off from this workspace only.`, 'Revoke')) return;
    try {
      const r = await post(`${base}/revoke`, { ids });
      toast(`${r.revoked.length} revoked, ${r.excluded.length} cut off from this workspace.`);
    } catch (err) { alert.show(err); }
    await refresh();
  }

  async function exportCsv() {
    alert.clear();
    // a plain link cannot carry the Authorization header: fetch, then hand the file over
    const res = await fetch(`${base}/export?${query()}`, { headers: { Authorization: `Bearer ${session.token}` } });
    if (!res.ok) { alert.show(new Error(`export failed: ${res.status}`)); return; }
    const url = URL.createObjectURL(await res.blob());
    const a = h('a', { href: url, download: `credentials-${ws.slug}.csv` });
    document.body.append(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  const stale = h('button', { type: 'button', id: 'cred-stale', onclick: () => {
    kind.value = ''; state.value = 'active'; unused.value = String(STALE_DAYS); expiring.value = '';
    neverExpires.checked = false; neverUsed.checked = false; q.value = ''; sort.value = 'lastUsed';
    refresh();
  } }, `Stale (unused ${STALE_DAYS}+ days)`);
  const filters = h('form', { class: 'card', id: 'cred-filters', onsubmit: async (e) => { e.preventDefault(); await refresh(); } },
    h('div', { class: 'grid2' }, field('Kind', kind), field('State', state), field('Unused for at least (days)', unused),
      field('Expiring within (days)', expiring), field('Search', q, 'Name, owner e-mail or id'), field('Sort', sort)),
    h('div', { class: 'check' }, neverExpires, h('label', { for: neverExpires.id }, 'Never expires')),
    h('div', { class: 'check' }, neverUsed, h('label', { for: neverUsed.id }, 'Never used')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'cred-apply' }, 'Apply filters'), stale,
      exportLink, revokeButton));
  host.replaceChildren(h('h2', {}, 'Credentials'), alert, filters, listHost);
  await refresh();
}

export async function requestsTab(host, ws) {
  const base = `/api/workspaces/${enc(ws.id)}/token-requests`;
  const alert = alertBox();
  const listHost = h('div', { id: 'requests-list' });
  async function refresh() {
    alert.clear();
    let queue;
    try { queue = await get(base); } catch (err) { alert.show(err); return; }
    const rows = queue.items.map((r) => {
      const note = h('input', { type: 'text', class: 'request-note', maxlength: 1000, 'aria-label': 'Note to the requester' });
      const decide = (verb) => async () => {
        try {
          await post(`${base}/${enc(r.tokenId)}/${verb}`, { note: note.value.trim() || null });
          toast(verb === 'approve' ? 'Approved: the token works now.' : 'Denied: the requester sees your note.');
        } catch (err) { alert.show(err); }
        await refresh();
      };
      return h('tr', { class: 'request-row', dataset: { tokenId: r.tokenId } },
        td('Requested', fmtDate(r.createdAt)),
        td('Token', h('code', {}, r.tokenId)),
        td('Note', note),
        td('Decision', h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'primary request-approve', onclick: decide('approve') }, 'Approve'),
          h('button', { type: 'button', class: 'danger request-deny', onclick: decide('deny') }, 'Deny'))));
    });
    listHost.replaceChildren(table('Personal tokens waiting for approval', ['Requested', 'Token', 'Note', 'Decision'], rows,
      'No personal token waits for approval.', { id: 'requests-table' }));
  }
  host.replaceChildren(h('h2', {}, 'Token requests'),
    h('p', { class: 'muted' }, 'Members’ personal tokens limited to this workspace wait here while the policy requires approval.'),
    alert, listHost);
  await refresh();
}

/** The requester's side: token id -> its request (state, note) in the workspace it is limited to. */
export async function myRequests() {
  try {
    const mine = await get('/api/user/token-requests');
    return new Map(mine.items.map((r) => [r.tokenId, r]));
  } catch { return new Map(); }
}
