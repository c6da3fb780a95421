// Workspaces: the list, and per workspace its projects, members, workspace tokens, service users
// and their tokens, the token policy, the access rules (access-rules.js) and the audit trail. Tabs
// the caller may not use are not offered (POST /api/authz/check); a refusal that happens anyway is shown as a message.
import { bulkRevoke } from './bulk-revoke.js';
import { get, post, patch, put, del, all, allowed, enc } from './api.js';
import { h, field, select, alertBox, openDialog, confirmDialog, tokenDialog, toast, fmtDate, badge, table, td, splitList } from './ui.js';
import { expiryField, ipField, permissionPicker, permissionCatalogue, grantSummary, graceNote, rotateDialog, typeSelect } from './forms.js';
import { accessRulesTab } from './access-rules.js';
import { webhooksTab } from './notifications.js';
import { credentialsTab, requestsTab } from './governance.js';
import { projectEditDialog, stateFilter, tokenEditDialog, duplicateDialog, leaveButton, confirmSuspend, renameButton } from './workspace-actions.js';
import { fieldError } from './problems.js';
import { constrainExpiry, stateBadge } from './policy.js';
import { auditTab } from './audit.js';
import { expiryCell, lastUsedCell, ipLine, activeFirst, byState, stateUrl, emptyFor, loading } from './reading.js';

const PROJECT_ROLES = ['NONE', 'TESTER', 'DEVELOPER', 'ADMIN', 'OWNER'];
const WORKSPACE_ROLES = ['MEMBER', 'ADMIN', 'OWNER'];

export async function workspacesPage({ render }) {
  const alert = alertBox();
  const listHost = h('div', { id: 'workspace-list' });
  const slug = h('input', { type: 'text', name: 'slug', id: 'ws-slug', required: true, maxlength: 40, pattern: '[a-z0-9][a-z0-9\\-]*' });
  const name = h('input', { type: 'text', name: 'name', id: 'ws-name', required: true, maxlength: 100 });
  const formAlert = alertBox();
  const form = h('form', {
    class: 'card', id: 'ws-form', 'aria-labelledby': 'ws-form-title',
    onsubmit: async (e) => {
      e.preventDefault(); formAlert.clear();
      try {
        const ws = await post('/api/workspaces', { slug: slug.value.trim(), name: name.value.trim() });
        location.hash = `#/w/${enc(ws.slug)}/projects`;
      } catch (err) { formAlert.show(err); }
    },
  }, h('h2', { id: 'ws-form-title' }, 'New workspace'), formAlert,
  h('div', { class: 'grid2' }, field('Name', name), field('Slug', slug, 'Lower-case letters, digits and dashes; used in URLs.')),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'ws-submit' }, 'Create workspace')));
  try {
    const workspaces = await all('/api/workspaces');
    listHost.replaceChildren(workspaces.length
      ? h('ul', { class: 'cards' }, workspaces.map((w) => h('li', {},
        h('a', { href: `#/w/${enc(w.slug)}/projects`, class: 'ws-link', dataset: { slug: w.slug } }, h('strong', {}, w.name),
          h('span', { class: 'muted' }, ` ${w.slug}`)))))
      : h('p', { class: 'empty' }, 'You are not in any workspace yet. Create one below.'));
  } catch (err) { alert.show(err); }
  render('Workspaces', h('h1', {}, 'Workspaces'), alert, listHost, form);
}

const TABS = [
  ['projects', 'Projects', null],
  ['members', 'Members', null],
  ['tokens', 'Workspace tokens', 'tokens:manage'],
  ['service-users', 'Service users', 'service-users:manage'],
  ['types', 'Token types', null],
  ['credentials', 'Credentials', 'workspace:manage'],
  ['requests', 'Token requests', 'owner'],
  ['policy', 'Token policy', null],
  ['access-rules', 'Access rules', null],
  ['audit', 'Audit trail', 'audit:read'],
  ['webhooks', 'Webhooks', 'workspace:manage'],
];

export async function workspacePage({ render }, ref, tab) {
  const ws = await get(`/api/workspaces/${enc(ref)}`);
  const [manage, tokens, serviceUsers, audit, owner] = await Promise.all(
    ['workspace:manage', 'tokens:manage', 'service-users:manage', 'audit:read', 'owner'].map((p) => allowed(p, ws.id)));
  const can = { 'workspace:manage': manage, 'tokens:manage': tokens, 'service-users:manage': serviceUsers, 'audit:read': audit, owner };
  const tabs = TABS.filter(([, , needs]) => !needs || can[needs]);
  if (!tabs.some(([key]) => key === tab)) tab = 'projects';
  const nav = h('nav', { class: 'tabs', 'aria-label': `${ws.name} sections` }, tabs.map(([key, label]) =>
    h('a', { href: `#/w/${enc(ws.slug)}/${key}`, id: `tab-${key}`, 'aria-current': key === tab ? 'page' : null }, label)));
  const body = h('section', { id: `panel-${tab}`, 'aria-labelledby': `tab-${tab}` }, loading());
  const pages = { projects: projectsTab, members: membersTab, tokens: workspaceTokensTab,
    'service-users': serviceUsersTab, types: tokenTypesTab, credentials: credentialsTab, requests: requestsTab, policy: policyTab, 'access-rules': accessRulesTab, audit: auditTab,
    webhooks: webhooksTab };
  render(ws.name, h('div', { class: 'page-head' }, h('h1', {}, ws.name), h('span', { class: 'muted' }, ws.slug),
    manage ? renameButton(ws) : null), nav, body);
  await pages[tab](body, ws, can);
}

async function projectsOf(ws) {
  return all(`/api/workspaces/${enc(ws.id)}/projects`);
}

// --- projects --------------------------------------------------------------------------------
async function projectsTab(host, ws, can) {
  const alert = alertBox();
  const projects = await projectsOf(ws);
  const rows = projects.map((p) => h('tr', { dataset: { projectId: p.id, projectKey: p.key } },
    td('Name', p.name), td('Key', h('code', {}, p.key)), td('Protected', p.protected ? 'Yes' : 'No'),
    td('Created', fmtDate(p.createdAt, false)),
    td('Actions', can['workspace:manage'] ? h('div', { class: 'row-actions' },
      h('button', { type: 'button', class: 'small', dataset: { action: 'edit-project' }, onclick: () => projectEditDialog(ws, p, reload) }, 'Edit'),
      h('button', { type: 'button', class: 'small danger', onclick: async () => {
        if (!await confirmDialog('Delete project', `Delete project “${p.name}”?`, 'Delete')) return;
        try { await del(`/api/workspaces/${enc(ws.id)}/projects/${enc(p.id)}`); toast('Project deleted.'); reload(); } catch (err) { alert.show(err); }
      } }, 'Delete')) : '')));
  const parts = [h('h2', {}, 'Projects'), alert,
    table('Projects', ['Name', 'Key', 'Protected', 'Created', 'Actions'], rows, 'No projects yet.', { id: 'project-table' })];
  if (can['workspace:manage']) {
    const key = h('input', { type: 'text', id: 'project-key', name: 'key', required: true, maxlength: 40 });
    const name = h('input', { type: 'text', id: 'project-name', name: 'name', required: true, maxlength: 100 });
    const prot = h('input', { type: 'checkbox', id: 'project-protected' });
    const formAlert = alertBox();
    parts.push(h('form', { class: 'card', id: 'project-form', onsubmit: async (e) => {
      e.preventDefault(); formAlert.clear();
      try {
        await post(`/api/workspaces/${enc(ws.id)}/projects`, { key: key.value.trim(), name: name.value.trim(), protected: prot.checked });
        toast('Project created.');
        reload();
      } catch (err) { formAlert.show(err); }
    } }, h('h3', {}, 'New project'), formAlert,
    h('div', { class: 'grid2' }, field('Name', name), field('Key', key, 'Short and unique in the workspace, e.g. web.')),
    h('div', { class: 'check' }, prot, h('label', { for: prot.id }, 'Protected (only owners may change its key)')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'project-submit' }, 'Create project'))));
  }
  host.replaceChildren(...parts);
}

// --- members ---------------------------------------------------------------------------------
async function membersTab(host, ws, can) {
  const alert = alertBox();
  const [members, projects] = await Promise.all([all(`/api/workspaces/${enc(ws.id)}/members`), projectsOf(ws)]);
  const projectName = new Map(projects.map((p) => [p.id, p.name]));
  const base = `/api/workspaces/${enc(ws.id)}/members`;
  const rows = members.map((m) => h('tr', { dataset: { userId: m.userId } },
    td('Name', `${m.firstName} ${m.lastName}`), td('Email', m.email), td('Role', m.role),
    td('Project roles', Object.entries(m.projectRoles || {}).map(([id, role]) =>
      h('div', {}, `${projectName.get(id) || id}: ${role}`))),
    td('Actions', can['workspace:manage'] ? h('div', { class: 'row-actions' },
      h('button', { type: 'button', class: 'small', onclick: () => editMember(m) }, 'Edit roles'),
      h('button', { type: 'button', class: 'small danger', onclick: async () => {
        if (!await confirmDialog('Remove member', `Remove ${m.email} from ${ws.name}? Their tokens lose access here at once.`, 'Remove')) return;
        try { await del(`${base}/${enc(m.userId)}`); toast('Member removed.'); reload(); } catch (err) { alert.show(err); }
      } }, 'Remove')) : '')));

  function rolePickers(current = {}) {
    return projects.map((p) => {
      const s = select({ dataset: { projectId: p.id } }, PROJECT_ROLES.map((r) => [r, r]), current[p.id] || 'NONE');
      return field(`Role on ${p.name}`, s);
    });
  }
  const collectRoles = (container) => Object.fromEntries([...container.querySelectorAll('select[data-project-id]')]
    .filter((s) => s.value !== 'NONE').map((s) => [s.dataset.projectId, s.value]));

  function editMember(m) {
    const role = select({ name: 'role' }, WORKSPACE_ROLES.map((r) => [r, r]), m.role);
    const roles = h('div', { class: 'grid2', dataset: { field: 'projectRoles' } }, rolePickers(m.projectRoles));
    const dlgAlert = alertBox();
    openDialog({ title: `Roles of ${m.email}`, id: 'member-dialog',
      content: [dlgAlert, field('Workspace role', role, 'Owners and admins hold a role on every project; project roles matter for members.'), roles],
      actions: [{ label: 'Cancel', onclick: (close) => close() },
        { label: 'Save', primary: true, onclick: async (close) => {
          try {
            const saved = await patch(`${base}/${enc(m.userId)}`, { role: role.value, projectRoles: collectRoles(roles) });
            close(); toast(saved.notice ? `Roles saved. ${saved.notice}` : 'Roles saved.'); reload();
          } catch (err) { dlgAlert.show(err); }
        } }] });
  }

  const parts = [h('div', { class: 'page-head' }, h('h2', {}, 'Members'), leaveButton(ws, alert)), alert,
    table('Members', ['Name', 'Email', 'Role', 'Project roles', 'Actions'], rows, 'No members.', { id: 'member-table' })];
  if (can['workspace:manage']) {
    const email = h('input', { type: 'email', id: 'member-email', name: 'email', required: true });
    const role = select({ id: 'member-role', name: 'role' }, WORKSPACE_ROLES.map((r) => [r, r]), 'MEMBER');
    const roles = h('div', { class: 'grid2', dataset: { field: 'projectRoles' } }, rolePickers());
    const formAlert = alertBox();
    parts.push(h('form', { class: 'card', id: 'member-form', onsubmit: async (e) => {
      e.preventDefault(); formAlert.clear();
      try { await post(base, { email: email.value.trim(), role: role.value, projectRoles: collectRoles(roles) }); toast('Member added.'); reload(); } catch (err) { formAlert.show(err); }
    } }, h('h3', {}, 'Add a member'), h('p', { class: 'muted' }, 'The person must have signed up already.'), formAlert,
    h('div', { class: 'grid2' }, field('Email', email), field('Workspace role', role)),
    projects.length ? h('fieldset', {}, h('legend', {}, 'Project roles (for members)'), roles) : null,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Add member'))));
  }
  host.replaceChildren(...parts);
}

// --- workspace tokens ------------------------------------------------------------------------
function grantText(grant, projectName) {
  if (!grant) return '—';
  if (grant.permissions) return `All projects: ${grant.permissions.join(', ')}`;
  if (grant.allProjects) return `All projects: ${grant.allProjects}`;
  const entries = Object.entries(grant.projects || {}).filter(([, role]) => role !== 'NONE');
  return entries.length ? entries.map(([id, role]) => `${projectName.get(id) || id}: ${role}`).join(', ') : 'No project';
}

/**
 * What a workspace token grant gives, as one sentence: shown before submit, so nothing surprises.
 * Self-rotation is stated after the grant, since it is asked for beside whichever form it has.
 */
function workspaceGrantSentence(grant, projects, selfRotate) {
  const [sentence, complete] = workspaceGrantForm(grant, projects);
  return complete && selfRotate
    ? [`${sentence} It may also rotate itself (self-rotate, POST /api/tokens/self/rotate).`, true] : [sentence, complete];
}

function workspaceGrantForm(grant, projects) {
  if (grant.permissions) return grant.permissions.length ? [`${grant.permissions.join(', ')} on all projects, including future ones.`, true]
    : ['No token type picked yet.', false];
  if (grant.allProjects) return [`${grant.allProjects} on all projects, including future ones.`, true];
  const entries = projects.filter((p) => grant.projects[p.id]).map((p) => `${grant.projects[p.id]} on ${p.key}`);
  if (!entries.length) return ['No access yet: give at least one project a role other than NONE.', false];
  return [`${entries.join(', ')}; no access to other projects, nor to projects created later.`, true];
}

/** Which projects a service token covers, as the end of its sentence. */
function projectsSentence(allProjects, chosen) {
  if (allProjects) return 'on all projects, including future ones.';
  return `on ${chosen.map((p) => p.key).join(', ')} only; no access to other projects, nor to projects created later.`;
}

let workspaceTokenState = 'current';

async function workspaceTokensTab(host, ws) {
  const base = `/api/workspaces/${enc(ws.id)}/tokens`;
  const alert = alertBox();
  const projects = await projectsOf(ws);
  const projectName = new Map(projects.map((p) => [p.id, p.name]));
  let tokens = [];
  try { tokens = byState(await all(stateUrl(base, workspaceTokenState)), workspaceTokenState); } catch (err) { alert.show(err); }
  const filter = stateFilter('wst-state', workspaceTokenState, (v) => { workspaceTokenState = v; workspaceTokensTab(host, ws); });
  const rows = activeFirst(tokens).map((t) => h('tr', { class: 'wst-row', dataset: { tokenId: t.id, tokenName: t.name } },
    td('Name', h('strong', {}, t.name), t.note ? h('div', { class: 'muted' }, t.note) : null, ipLine(t), graceNote(t)),
    td('Grant', t.type ? h('div', { class: 'muted token-type' }, `Type: ${t.type.name}`) : null, grantText(t.grant, projectName),
      t.selfRotate ? h('div', { class: 'muted self-rotate' }, 'May rotate itself') : null),
    td('Expires', expiryCell(t)),
    td('Last used', lastUsedCell(t)),
    td('Status', stateBadge(t)),
    td('Actions', t.status === 'revoked' ? '' : h('div', { class: 'row-actions' },
      h('button', { type: 'button', class: 'small', dataset: { action: 'edit' }, onclick: () => tokenEditDialog(base, t, reload) }, 'Edit'),
      h('button', { type: 'button', class: 'small', dataset: { action: 'duplicate' }, onclick: () => duplicateDialog(base, t, reload, ws.id) }, 'Duplicate settings'),
      h('button', { type: 'button', class: 'small', onclick: () => regenerateDialog(t.name, `${base}/${enc(t.id)}/regenerate`, ws.id) }, 'Regenerate'),
      h('button', { type: 'button', class: 'small', dataset: { action: 'rotate' }, onclick: () => rotateDialog(t.name, `${base}/${enc(t.id)}/rotate`, reload, ws.id) }, 'Rotate'),
      h('button', { type: 'button', class: 'small danger', onclick: async () => {
        if (!await confirmDialog('Revoke token', `Revoke “${t.name}”?`, 'Revoke')) return;
        try { await del(`${base}/${enc(t.id)}`); toast('Token revoked.'); reload(); } catch (err) { alert.show(err); }
      } }, 'Revoke')))));

  const list = h('div', {}, table('Workspace tokens', ['Name', 'Grant', 'Expires', 'Last used', 'Status', 'Actions'], rows,
    emptyFor(workspaceTokenState, 'No workspace tokens yet.'), { id: 'wst-table' }));
  const bulk = bulkRevoke('wst', base, alert, reload);

  // the form: all projects with one role, or a role per project (NONE by default). Only the chosen
  // mode's controls show, the grant is read from them alone, and the summary states it before submit.
  const name = h('input', { type: 'text', id: 'wst-name', name: 'name', required: true, maxlength: 100 });
  const note = h('input', { type: 'text', id: 'wst-note', name: 'note', maxlength: 1000 });
  const modeAll = h('input', { type: 'radio', name: 'wst-mode', id: 'wst-mode-all', value: 'all', checked: true });
  const modePer = h('input', { type: 'radio', name: 'wst-mode', id: 'wst-mode-projects', value: 'projects' });
  const modeType = h('input', { type: 'radio', name: 'wst-mode', id: 'wst-mode-type', value: 'type' });
  const type = await typeSelect('wst-type', { workspace: ws.id, projectOnly: true });
  const typeWrap = h('div', { id: 'wst-type-wrap', hidden: true }, type);
  const allRole = select({ id: 'wst-all-role' }, PROJECT_ROLES.filter((r) => r !== 'NONE').map((r) => [r, r]), 'TESTER');
  const roleSelects = projects.map((p) => select({ dataset: { projectId: p.id, projectKey: p.key }, class: 'wst-project-role' },
    PROJECT_ROLES.map((r) => [r, r]), 'NONE'));
  const perProject = h('div', { id: 'wst-projects', class: 'grid2', hidden: true },
    projects.map((p, i) => field(`${p.name} (${p.key})`, roleSelects[i])));
  const allWrap = h('div', { id: 'wst-all' }, field('Role on every project, present and future', allRole));
  const chosenGrant = () => {
    if (modeType.checked) {
      const t = type.types.find((x) => x.id === type.value());
      return { permissions: t ? t.permissions : [] };
    }
    if (modeAll.checked) return { allProjects: allRole.value };
    return { projects: Object.fromEntries(roleSelects.filter((s) => s.value !== 'NONE').map((s) => [s.dataset.projectId, s.value])) };
  };
  // no project role implies self-rotate, so it is its own choice beside any of the three forms
  const selfRotate = h('input', { type: 'checkbox', id: 'wst-self-rotate' });
  const selfRotateWrap = h('div', { class: 'check' }, selfRotate,
    h('label', { for: selfRotate.id }, 'The token may rotate itself (self-rotate)'));
  const summary = grantSummary('wst-summary');
  const sync = () => {
    perProject.hidden = !modePer.checked; allWrap.hidden = !modeAll.checked; typeWrap.hidden = !modeType.checked;
    summary.show(workspaceGrantSentence(chosenGrant(), projects, selfRotate.checked));
  };
  const expiry = expiryField('wst-expiration');
  constrainExpiry(expiry, ws.id);
  const ips = ipField('wst-ip');
  const formAlert = alertBox();
  const access = h('fieldset', { onchange: sync, dataset: { field: 'grant' } }, h('legend', {}, 'Access'),
    h('div', { class: 'check' }, modeAll, h('label', { for: modeAll.id }, 'All projects with one role')),
    h('div', { class: 'check' }, modePer, h('label', { for: modePer.id }, 'A role per project (NONE: no access)')),
    h('div', { class: 'check' }, modeType, h('label', { for: modeType.id }, 'A token type, on all projects')),
    allWrap, perProject, typeWrap, selfRotateWrap, summary);
  sync();
  const form = h('form', { class: 'card', id: 'wst-form', onsubmit: async (e) => {
    e.preventDefault(); formAlert.clear();
    try {
      const grant = chosenGrant();
      if (grant.projects && !Object.keys(grant.projects).length) throw fieldError('grant', 'Give at least one project a role other than NONE.');
      if (modeType.checked && !type.value()) throw fieldError('type', 'Pick a token type.');
      const issued = await post(base, { name: name.value.trim(), note: note.value.trim() || null,
        ...(modeType.checked ? { type: type.value() } : { grant }), selfRotate: selfRotate.checked,
        ipRestrictions: ips.value(), ...expiry.value() });
      await tokenDialog(`Workspace token “${issued.name}” created`, issued);
      reload();
    } catch (err) { formAlert.show(err); }
  } }, h('h3', {}, 'New workspace token'), formAlert,
  h('div', { class: 'grid2' }, field('Name', name), field('Note (optional)', note)),
  access, expiry, ips,
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'wst-submit' }, 'Create workspace token')));
  host.replaceChildren(h('h2', {}, 'Workspace tokens'),
    h('p', { class: 'lead' }, 'Tokens that belong to the workspace, not to a person: for integrations. Only owners manage them.'),
    alert, h('div', { class: 'toolbar' }, filter, bulk.button), list, form);
  bulk.attach(list, tokens);
}

// --- service users ---------------------------------------------------------------------------
async function serviceUsersTab(host, ws) {
  const base = `/api/workspaces/${enc(ws.id)}/service-users`;
  const alert = alertBox();
  const projects = await projectsOf(ws);
  let users = [];
  try { users = await all(base); } catch (err) { alert.show(err); }
  const userHost = h('div', { id: 'service-user-list' });
  const cards = await Promise.all(users.map((u) => serviceUserCard(u, ws, projects, base)));
  userHost.replaceChildren(...(cards.length ? cards : [h('p', { class: 'empty' }, 'No service users yet.')]));

  const first = h('input', { type: 'text', id: 'su-first', name: 'firstName', required: true, maxlength: 100 });
  const last = h('input', { type: 'text', id: 'su-last', name: 'lastName', required: true, maxlength: 100 });
  const formAlert = alertBox();
  const form = h('form', { class: 'card', id: 'su-form', onsubmit: async (e) => {
    e.preventDefault(); formAlert.clear();
    try { await post(base, { firstName: first.value.trim(), lastName: last.value.trim() }); toast('Service user created.'); reload(); } catch (err) { formAlert.show(err); }
  } }, h('h3', {}, 'New service user'), formAlert, h('div', { class: 'grid2' }, field('First name', first), field('Last name', last)),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'su-submit' }, 'Create service user')));
  host.replaceChildren(h('h2', {}, 'Service users'),
    h('p', { class: 'lead' }, 'Non-human users whose tokens carry an explicit permission list.'), alert, userHost, form);
}

// each service user's card keeps its own choice of state while the page is re-rendered
const serviceTokenState = new Map();

async function serviceUserCard(u, ws, projects, base) {
  const tokensBase = `/api/users/service/${enc(u.id)}/personal-access-tokens`;
  const alert = alertBox();
  const state = serviceTokenState.get(u.id) || 'current';
  let tokens = [];
  try { tokens = byState(await all(stateUrl(tokensBase, state)), state); } catch (err) { alert.show(err); }
  const filter = stateFilter(`sut-state-${u.id}`, state, async (v) => {
    serviceTokenState.set(u.id, v);
    card.replaceWith(await serviceUserCard(u, ws, projects, base));
  });
  const status = (u.status || 'ACTIVE').toUpperCase();
  const rows = activeFirst(tokens).map((t) => h('tr', { class: 'sut-row', dataset: { tokenId: t.id, tokenName: t.name } },
    td('Name', h('strong', {}, t.name || '—'), t.note && t.note !== t.name ? h('div', { class: 'muted' }, t.note) : null, ipLine(t), graceNote(t)),
    td('Permissions', t.type ? h('div', { class: 'muted token-type' }, `Type: ${t.type.name}`) : null,
      h('div', { class: 'scopes' }, (t.permissions || []).map((p) => h('code', {}, p)))),
    td('Projects', t.allProjects ? 'All projects' : (t.projects || []).map((p) => p.name || p.id || p).join(', ')),
    td('Expires', expiryCell(t)),
    td('Last used', lastUsedCell(t)),
    td('Status', stateBadge(t)),
    td('Actions', t.status === 'revoked' ? '' : h('div', { class: 'row-actions' },
      h('button', { type: 'button', class: 'small', dataset: { action: 'edit' }, onclick: () => tokenEditDialog(tokensBase, t, reload) }, 'Edit'),
      h('button', { type: 'button', class: 'small', dataset: { action: 'duplicate' }, onclick: () => duplicateDialog(tokensBase, t, reload, u.workspaceId) }, 'Duplicate settings'),
      h('button', { type: 'button', class: 'small', onclick: () => regenerateDialog(t.name || t.note || 'token', `${tokensBase}/${enc(t.id)}/regenerate`, u.workspaceId) }, 'Regenerate'),
      h('button', { type: 'button', class: 'small', dataset: { action: 'rotate' }, onclick: () => rotateDialog(t.name || t.note || 'token', `${tokensBase}/${enc(t.id)}/rotate`, reload, u.workspaceId) }, 'Rotate'),
      h('button', { type: 'button', class: 'small danger', onclick: async () => {
        if (!await confirmDialog('Revoke token', 'Revoke this service token?', 'Revoke')) return;
        try { await del(`${tokensBase}/${enc(t.id)}`); toast('Token revoked.'); reload(); } catch (err) { alert.show(err); }
      } }, 'Revoke')))));
  const newToken = h('button', { type: 'button', class: 'small primary', dataset: { action: 'new-service-token' },
    onclick: () => serviceTokenDialog(u, projects, tokensBase) }, 'New token');
  const suspend = h('button', { type: 'button', class: 'small', onclick: async () => {
    if (status !== 'SUSPENDED' && !await confirmSuspend(u)) return;
    try { await patch(`${base}/${enc(u.id)}`, { status: status === 'SUSPENDED' ? 'ACTIVE' : 'SUSPENDED' }); reload(); } catch (err) { alert.show(err); }
  } }, status === 'SUSPENDED' ? 'Reactivate' : 'Suspend');
  const remove = h('button', { type: 'button', class: 'small danger', onclick: async () => {
    if (!await confirmDialog('Delete service user', `Delete ${u.firstName} ${u.lastName}? All its tokens are revoked.`, 'Delete')) return;
    try { await del(`${base}/${enc(u.id)}`); toast('Service user deleted.'); reload(); } catch (err) { alert.show(err); }
  } }, 'Delete');
  const list = h('div', {}, table(`Tokens of ${u.firstName} ${u.lastName}`, ['Name', 'Permissions', 'Projects', 'Expires', 'Last used', 'Status', 'Actions'],
    rows, emptyFor(state, 'No tokens.')));
  // ids name the user: several cards share the page
  const bulk = bulkRevoke(`sut-${u.id}`, tokensBase, alert, reload);
  bulk.attach(list, tokens);
  const card = h('article', { class: 'card service-user', dataset: { userId: u.id } },
    h('div', { class: 'page-head' }, h('h3', {}, `${u.firstName} ${u.lastName}`), badge(status.toLowerCase()),
      h('div', { class: 'row-actions' }, newToken, suspend, remove)),
    alert, h('div', { class: 'toolbar' }, filter), list, h('div', { class: 'toolbar' }, bulk.button));
  return card;
}

async function serviceTokenDialog(u, projects, tokensBase) {
  const name = h('input', { type: 'text', id: 'sut-name', name: 'name', maxlength: 100, required: true, value: 'deploy' });
  const note = h('input', { type: 'text', id: 'sut-note', name: 'note', maxlength: 1000 });
  // a service token carries project permissions only (and those of any level, e.g. self-rotate): the
  // API refuses the rest, so they are not offered and "Everything" means what it can carry
  const picker = await permissionPicker({ legend: 'Permissions', name: 'sut-perm',
    filter: (p) => p.level === 'project' || p.level === 'any' });
  const type = await typeSelect('sut-type', { workspace: u.workspaceId, projectOnly: true });
  const all = h('input', { type: 'radio', name: 'sut-scope', id: 'sut-all', checked: true });
  const some = h('input', { type: 'radio', name: 'sut-scope', id: 'sut-some' });
  const boxes = projects.map((p) => h('input', { type: 'checkbox', value: p.id, id: `sut-p-${p.id}`, dataset: { projectKey: p.key } }));
  const list = h('fieldset', { id: 'sut-projects', hidden: true, dataset: { field: 'projects allProjects' } }, h('legend', {}, 'Projects'), projects.map((p, i) =>
    h('div', { class: 'check' }, boxes[i], h('label', { for: boxes[i].id }, `${p.name} (${p.key})`))));
  // the projects are read from the list only in "only these projects" mode
  const chosen = () => (all.checked ? [] : projects.filter((p, i) => boxes[i].checked));
  const summary = grantSummary('sut-summary');
  const sync = () => {
    list.hidden = !some.checked;
    picker.hidden = Boolean(type.value());
    const chosenType = type.types.find((t) => t.id === type.value());
    const permissions = chosenType ? chosenType.permissions : picker.value();
    if (!permissions.length) summary.show(['No permission picked yet.', false]);
    else if (some.checked && !chosen().length) summary.show(['No project picked yet: pick one, or choose all projects.', false]);
    else summary.show([`${permissions.join(', ')} ${projectsSentence(all.checked, chosen())}`, true]);
  };
  const expiry = expiryField('sut-expiration');
  constrainExpiry(expiry, u.workspaceId);
  const ips = ipField('sut-ip');
  const dlgAlert = alertBox();
  const form = h('div', { onchange: sync }, h('div', { class: 'grid2' }, field('Name', name), field('Note', note)),
    h('fieldset', {}, h('legend', {}, 'Projects'),
      h('div', { class: 'check' }, all, h('label', { for: all.id }, 'All projects')),
      h('div', { class: 'check' }, some, h('label', { for: some.id }, 'Only these projects'))),
    list, type, picker, summary, expiry, ips);
  sync();
  openDialog({ title: `New token for ${u.firstName} ${u.lastName}`, id: 'service-token-dialog',
    content: [dlgAlert, form],
    actions: [{ label: 'Cancel', onclick: (close) => close() },
      { label: 'Create token', primary: true, id: 'sut-submit', onclick: async (close) => {
        dlgAlert.clear();
        try {
          const permissions = type.value() ? null : picker.value();
          if (permissions && !permissions.length) throw fieldError('permissions', 'Pick at least one permission, or a token type.');
          const projectIds = chosen().map((p) => p.id);
          if (some.checked && !projectIds.length) throw fieldError('projects', 'Pick at least one project, or choose all projects.');
          const body = { name: name.value.trim(), note: note.value.trim() || name.value.trim(), permissions, type: type.value(),
            allProjects: all.checked, projects: projectIds, ipRestrictions: ips.value(), ...expiry.value() };
          const issued = await post(tokensBase, body);
          close();
          await tokenDialog(`Service token created for ${u.firstName} ${u.lastName}`, issued);
          reload();
        } catch (err) { dlgAlert.show(err); }
      } }] });
}

// --- token types -----------------------------------------------------------------------------
async function tokenTypesTab(host, ws, can) {
  const base = `/api/workspaces/${enc(ws.id)}/token-types`;
  const alert = alertBox();
  let builtIn = [];
  let custom = [];
  try { [builtIn, custom] = await Promise.all([get('/api/token-types'), get(base)]); } catch (err) { alert.show(err); }
  const editable = can['workspace:manage'];
  const perms = (t) => h('div', { class: 'scopes' }, t.permissions.map((p) => h('code', {}, p)));
  const rows = [...builtIn, ...custom].map((t) => h('tr', { class: 'type-row', dataset: { typeId: t.id, typeName: t.name } },
    td('Name', h('strong', {}, t.name), t.description ? h('div', { class: 'muted' }, t.description) : null),
    td('Permissions', perms(t)),
    td('Kind', t.builtIn ? 'Built in' : 'This workspace'),
    td('Actions', t.builtIn || !editable ? '' : h('div', { class: 'row-actions' },
      h('button', { type: 'button', class: 'small', dataset: { action: 'edit-type' }, onclick: () => typeForm(t) }, 'Edit'),
      h('button', { type: 'button', class: 'small danger', dataset: { action: 'delete-type' }, onclick: async () => {
        if (!await confirmDialog('Delete token type', `Delete “${t.name}”? Tokens made from it keep their permissions.`, 'Delete')) return;
        try { await del(`${base}/${enc(t.id)}`); toast('Token type deleted.'); reload(); } catch (err) { alert.show(err); }
      } }, 'Delete')))));
  const formHost = h('div', { id: 'type-form-host' });

  async function typeForm(existing) {
    const name = h('input', { type: 'text', id: 'type-name', name: 'name', required: true, maxlength: 100, value: existing ? existing.name : '' });
    const description = h('input', { type: 'text', id: 'type-description', name: 'description', maxlength: 1000, value: existing ? existing.description : '' });
    const picker = await permissionPicker({ legend: 'Permissions', name: 'type-perm' });
    if (existing) picker.set(existing.permissions);
    const formAlert = alertBox();
    const form = h('form', { class: 'card', id: 'type-form', onsubmit: async (e) => {
      e.preventDefault(); formAlert.clear();
      try {
        const body = { name: name.value.trim(), description: description.value.trim(), permissions: picker.value() };
        if (!body.permissions.length) throw fieldError('permissions', 'Pick at least one permission.');
        if (existing) await patch(`${base}/${enc(existing.id)}`, body); else await post(base, body);
        toast(existing ? 'Token type saved.' : 'Token type created.');
        reload();
      } catch (err) { formAlert.show(err); }
    } }, h('h3', {}, existing ? `Edit “${existing.name}”` : 'New token type'), formAlert,
    h('div', { class: 'grid2' }, field('Name', name), field('Description (optional)', description)),
    h('p', { class: 'muted' }, 'Tokens made from this type keep the permissions it has when they are made; changing it later changes no token.'),
    picker,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'type-submit' }, existing ? 'Save token type' : 'Create token type')));
    formHost.replaceChildren(form);
    name.focus();
  }

  const newType = editable ? h('button', { type: 'button', class: 'primary', id: 'type-new', onclick: () => typeForm(null) }, 'New token type') : null;
  host.replaceChildren(h('div', { class: 'page-head' }, h('h2', {}, 'Token types'), newType),
    h('p', { class: 'lead' }, 'Named permission sets to pick instead of listing permissions when a token is made.'),
    alert, table('Token types', ['Name', 'Permissions', 'Kind', 'Actions'], rows, 'No token types.', { id: 'type-table' }),
    formHost);
}

// --- token policy ----------------------------------------------------------------------------
async function policyTab(host, ws, can) {
  const base = `/api/workspaces/${enc(ws.id)}/token-policy`;
  const alert = alertBox();
  let policy;
  try { policy = await get(base); } catch (err) {
    alert.show(err);
    host.replaceChildren(h('h2', {}, 'Token policy'), alert);
    return;
  }
  const editable = can['tokens:manage'];
  const maxDays = h('input', { type: 'number', id: 'policy-max-days', name: 'maxLifetimeDays', min: 1, max: 3650, value: policy.maxLifetimeDays ?? '', disabled: !editable });
  const requireExpiry = h('input', { type: 'checkbox', id: 'policy-require-expiry', checked: policy.requireExpiry, disabled: !editable });
  const allowPats = h('input', { type: 'checkbox', id: 'policy-allow-pats', checked: policy.allowPersonalTokens, disabled: !editable });
  const ranges = h('textarea', { id: 'policy-ranges', name: 'allowedIpRanges', rows: 3, disabled: !editable }, (policy.allowedIpRanges || []).join('\n'));
  const approval = h('input', { type: 'checkbox', id: 'policy-require-approval', checked: policy.requireApprovalForPersonalTokens, disabled: !editable });
  const unusedDays = h('input', { type: 'number', id: 'policy-unused-days', name: 'revokeUnusedAfterDays', min: 1, max: 3650, value: policy.revokeUnusedAfterDays ?? '', disabled: !editable });
  const perUser = h('input', { type: 'number', id: 'policy-per-user', name: 'maxTokensPerUser', min: 1, max: 10000, value: policy.maxTokensPerUser ?? '', disabled: !editable });
  const maxGrace = h('input', { type: 'number', id: 'policy-max-grace', name: 'maxGraceSeconds', min: 0, value: policy.maxGraceSeconds ?? '', disabled: !editable });
  const form = h('form', { class: 'card', id: 'policy-form', onsubmit: async (e) => {
    e.preventDefault(); alert.clear();
    try {
      await put(base, { maxLifetimeDays: maxDays.value ? Number(maxDays.value) : null, requireExpiry: requireExpiry.checked,
        allowedIpRanges: splitList(ranges.value), allowPersonalTokens: allowPats.checked,
        requireApprovalForPersonalTokens: approval.checked,
        revokeUnusedAfterDays: unusedDays.value ? Number(unusedDays.value) : null,
        maxTokensPerUser: perUser.value ? Number(perUser.value) : null,
        maxGraceSeconds: maxGrace.value !== '' ? Number(maxGrace.value) : null });
      toast('Policy saved. Existing tokens follow it from their next use.');
    } catch (err) { alert.show(err); }
  } }, alert,
  field('Maximum lifetime in days', maxDays, 'Empty: unlimited. New and regenerated tokens may not live longer.'),
  h('div', { class: 'check' }, requireExpiry, h('label', { for: requireExpiry.id }, 'Every token must expire')),
  h('div', { class: 'check' }, allowPats, h('label', { for: allowPats.id }, 'Members’ personal access tokens may act in this workspace')),
  field('Allowed IP ranges', ranges, 'CIDRs every token acting in this workspace must come from, one per line. Empty: anywhere.'),
  h('div', { class: 'check' }, approval, h('label', { for: approval.id }, 'Personal tokens limited to this workspace need an owner’s approval')),
  field('Revoke tokens unused for (days)', unusedDays, 'Empty: never. Never-used tokens count from their creation.'),
  field('Personal tokens per member limited to this workspace', perUser, 'Empty: only the global caps.'),
  field('Longest rotation grace (seconds)', maxGrace, 'How long a rotated token’s old secret may keep working. 0: it stops at once. Empty: the server’s maximum.'),
  editable ? h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'policy-save' }, 'Save policy'))
    : h('p', { class: 'muted' }, 'Only workspace owners change the policy.'));
  host.replaceChildren(h('h2', {}, 'Token policy'), form);
}

/** New secret, same grant; the expiry is chosen again (the workspace policy may limit it). */
function regenerateDialog(name, path, workspace) {
  const exp = expiryField('regen-expiration', '30d');
  constrainExpiry(exp, workspace);
  const dlgAlert = alertBox();
  openDialog({
    title: `Regenerate “${name}”`, id: 'regenerate-dialog',
    content: [h('p', {}, 'A new secret replaces the current one at once; the grant stays.'), dlgAlert, exp],
    actions: [
      { label: 'Cancel', onclick: (close) => close() },
      { label: 'Regenerate', primary: true, id: 'regenerate-submit', onclick: async (close) => {
        try {
          const issued = await post(path, exp.value());
          close();
          await tokenDialog(`New secret for “${name}”`, { token: issued.token, name: issued.name || name });
          reload();
        } catch (err) { dlgAlert.show(err); }
      } },
    ],
  });
}

function reload() {
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export { permissionCatalogue };
