// "Personal access tokens": list, generate, edit, regenerate, rotate, duplicate settings, revoke one or several.
import { get, post, del, all, enc } from './api.js';
import { h, field, select, alertBox, openDialog, confirmDialog, tokenDialog, toast, fmtDate, badge, table, td } from './ui.js';
import { bulkRevoke } from './bulk-revoke.js';
import { expiryField, ipField, permissionPicker, grantSummary, graceNote, rotateDialog, typeSelect } from './forms.js';
import { myRequests } from './governance.js';
import { tokenEditDialog, duplicateDialog } from './workspace-actions.js';
import { fieldError } from './problems.js';
import { constrainExpiry, applyCeiling, stateBadge } from './policy.js';
import { expiryCell, lastUsedCell, ipLine, activeFirst, byState, stateUrl, emptyFor, loading, STATE_FILTERS } from './reading.js';

const BASE = '/api/user/personal-access-tokens';

export async function personalTokensPage({ render }) {
  const [workspaces, picker, type] = await Promise.all([all('/api/workspaces'), permissionPicker({ legend: 'Scopes' }),
    typeSelect('pat-type')]);
  const wsName = new Map(workspaces.map((w) => [w.id, w.name || w.slug]));
  const alert = alertBox();
  const listHost = h('div', { id: 'pat-list' }, loading());
  // revoked tokens are kept for the record but have their own filter: the default shows the rest
  const stateFilter = select({ id: 'pat-state', name: 'state' }, STATE_FILTERS, 'current');
  stateFilter.addEventListener('change', () => refresh());

  // --- generate form -------------------------------------------------------------------------
  const name = h('input', { type: 'text', name: 'name', id: 'pat-name', required: true, maxlength: 100 });
  const note = h('textarea', { name: 'note', id: 'pat-note', rows: 2, maxlength: 1000 });
  const workspace = select({ name: 'workspace', id: 'pat-workspace' },
    [['', 'Any workspace I belong to'], ...workspaces.map((w) => [w.slug, `${w.name} (${w.slug})`])], '');
  const expiry = expiryField('pat-expiration');
  const ips = ipField('pat-ip');
  const formAlert = alertBox();
  // what the token will do, before it exists: a PAT acts as its owner, narrowed to its scopes
  const summary = grantSummary('pat-summary');
  const sync = () => {
    // a type replaces the scopes: the picker is then out of the way and out of the body
    picker.hidden = Boolean(type.value());
    const chosenType = type.types.find((t) => t.id === type.value());
    const scopes = chosenType ? chosenType.permissions : picker.value();
    const where = workspace.value ? `in ${workspace.selectedOptions[0].textContent} only` : 'in every workspace you belong to';
    summary.show(scopes.length ? [`${scopes.join(', ')}, as far as you may yourself, ${where}.`, true]
      : ['No scope picked yet.', false]);
  };
  const form = h('form', {
    id: 'pat-form', class: 'card', hidden: true, 'aria-labelledby': 'pat-form-title', onchange: sync,
    onsubmit: async (e) => {
      e.preventDefault(); formAlert.clear();
      try {
        const scopes = type.value() ? null : picker.value();
        if (scopes && !scopes.length) throw fieldError('scopes', 'Pick at least one scope, or a token type.');
        const body = { name: name.value.trim(), note: note.value.trim() || null, scopes, type: type.value(),
          workspace: workspace.value || null, ipRestrictions: ips.value(), ...expiry.value() };
        const created = await post(BASE, body);
        form.reset(); picker.set([]); form.hidden = true; openForm.setAttribute('aria-expanded', 'false');
        await tokenDialog(`Token “${created.name}” created`, created);
        await refresh();
      } catch (err) { formAlert.show(err); }
    },
  }, h('h2', { id: 'pat-form-title' }, 'Generate a personal access token'), formAlert,
  field('Name', name), field('Note (optional)', note, 'What is it for? Shown in the list.'),
  field('Workspace', workspace, 'Limit the token to one workspace, or let it reach every workspace you belong to.'),
  expiry, ips, type, picker, summary,
  h('div', { class: 'actions' },
    h('button', { type: 'button', onclick: () => { form.hidden = true; openForm.setAttribute('aria-expanded', 'false'); openForm.focus(); } }, 'Cancel'),
    h('button', { type: 'submit', class: 'primary', id: 'pat-submit' }, 'Generate token')));
  const openForm = h('button', {
    type: 'button', class: 'primary', id: 'pat-new', 'aria-controls': 'pat-form', 'aria-expanded': 'false',
    onclick: () => { form.hidden = false; openForm.setAttribute('aria-expanded', 'true'); sync(); bind(); name.focus(); },
  }, 'Generate token');
  // the chosen workspace's policy limits the expiry; scopes beyond what the person holds there are off
  const bind = () => Promise.all([constrainExpiry(expiry, workspace.value || null), applyCeiling(picker, workspace.value || null)]);
  workspace.addEventListener('change', bind);

  // --- list ----------------------------------------------------------------------------------
  const bulk = bulkRevoke('pat', BASE, alert, refresh);

  async function refresh() {
    alert.clear();
    let tokens;
    try {
      tokens = activeFirst(byState(await all(stateUrl(BASE, stateFilter.value)), stateFilter.value));
    } catch (err) { alert.show(err); listHost.replaceChildren(); return; }
    const requests = await myRequests();
    const rows = tokens.map((t) => {
      return h('tr', { dataset: { tokenId: t.id, tokenName: t.name }, class: 'pat-row' },
        td('Name', h('strong', {}, t.name), t.note ? h('div', { class: 'muted' }, t.note) : null,
          h('div', { class: 'muted' }, `…${t.hint || ''}`), ipLine(t), graceNote(t)),
        td('Scopes', t.type ? h('div', { class: 'muted token-type' }, `Type: ${t.type.name}`) : null,
          h('div', { class: 'scopes' }, (t.scopes || []).map((s) => h('code', {}, s)))),
        td('Workspace', t.workspace ? (wsName.get(t.workspace) || t.workspace) : 'Any'),
        td('Expires', expiryCell(t)),
        td('Last used', lastUsedCell(t)),
        td('Status', stateBadge(t), requests.has(t.id) ? approvalBadge(requests.get(t.id)) : null),
        td('Actions', t.status === 'revoked' ? h('span', { class: 'muted' }, `Revoked ${fmtDate(t.revokedAt)}`)
          : h('div', { class: 'row-actions' },
            h('button', { type: 'button', class: 'small', onclick: () => tokenEditDialog(BASE, t, refresh) }, 'Edit'),
            h('button', { type: 'button', class: 'small', dataset: { action: 'regenerate' }, onclick: () => regenerate(t) }, 'Regenerate'),
            h('button', { type: 'button', class: 'small', dataset: { action: 'rotate' },
              onclick: () => rotateDialog(t.name, `${BASE}/${enc(t.id)}/rotate`, refresh, t.workspace) }, 'Rotate'),
            h('button', { type: 'button', class: 'small', dataset: { action: 'duplicate' }, onclick: () => duplicateDialog(BASE, t, refresh, t.workspace) }, 'Duplicate settings'),
            h('button', { type: 'button', class: 'small danger', dataset: { action: 'revoke' }, onclick: () => revoke(t) }, 'Revoke'))));
    });
    const tbl = table('Your personal access tokens',
      ['Name', 'Scopes', 'Workspace', 'Expires', 'Last used', 'Status', 'Actions'], rows,
      emptyFor(stateFilter.value, 'No tokens yet. Generate one to use the API from a script.'), { id: 'pat-table' });
    listHost.replaceChildren(tbl);
    bulk.attach(listHost, tokens);
  }

  async function revoke(t) {
    if (!await confirmDialog('Revoke token', `Revoke “${t.name}”? Anything using it stops working at once.`, 'Revoke')) return;
    try {
      await del(`${BASE}/${enc(t.id)}`);
      toast(`“${t.name}” is revoked; the “Revoked” filter lists it.`);
      await refresh();
    } catch (err) { alert.show(err); }
  }

  async function regenerate(t) {
    const exp = expiryField('regen-expiration', '30d');
    constrainExpiry(exp, t.workspace);
    const dlgAlert = alertBox();
    openDialog({
      title: `Regenerate “${t.name}”`, id: 'regenerate-dialog',
      content: [h('p', {}, 'A new secret replaces the current one at once; name and scopes stay.'), dlgAlert, exp],
      actions: [
        { label: 'Cancel', onclick: (close) => close() },
        { label: 'Regenerate', primary: true, id: 'regenerate-submit', onclick: async (close) => {
          try {
            const issued = await post(`${BASE}/${enc(t.id)}/regenerate`, exp.value());
            close();
            await tokenDialog(`New secret for “${issued.name}”`, issued);
            await refresh();
          } catch (err) { dlgAlert.show(err); }
        } },
      ],
    });
  }

  render('Personal access tokens',
    h('div', { class: 'page-head' }, h('h1', {}, 'Personal access tokens'), openForm),
    h('p', { class: 'lead' }, 'Tokens act as you from scripts and tools, limited to the scopes you pick. ',
      'Use one as a Bearer token, or as the password of Basic authentication (Git over HTTP).'),
    form, alert,
    h('div', { class: 'toolbar' }, field('Show', stateFilter), bulk.button),
    listHost);
  await refresh();
}

/** The approval state of a token limited to a workspace that requires it, with the owner's note. */
function approvalBadge(r) {
  return h('div', { class: 'approval', dataset: { approval: r.state } }, badge(r.state),
    r.note ? h('div', { class: 'muted approval-note' }, r.note) : null);
}
