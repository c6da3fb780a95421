// "Account": the signed-in person's own settings that the API offers and no other page reaches:
// changing the password (POST /api/user/password, the current password is the confirmation) and
// logging out on the server (POST /api/user/logout), so a copied session stops working too, and
// what the person holds in each workspace (GET /api/user/permissions?workspace=…).
import { session, get, post, postWithoutPrompt, all, enc } from './api.js';
import { h, field, alertBox, toast } from './ui.js';

const MIN = 10;
const MAX = 128;

export async function accountPage({ render }) {
  const me = await get('/api/user');
  const alert = alertBox();
  const current = h('input', { type: 'password', id: 'account-current', autocomplete: 'current-password', required: true, maxlength: MAX });
  const next = h('input', { type: 'password', id: 'account-new', autocomplete: 'new-password', required: true, minlength: MIN, maxlength: MAX });
  const again = h('input', { type: 'password', id: 'account-again', autocomplete: 'new-password', required: true, minlength: MIN, maxlength: MAX });
  const form = h('form', { class: 'card narrow', id: 'password-form', 'aria-labelledby': 'password-title', onsubmit: async (e) => {
    e.preventDefault(); alert.clear();
    try {
      // checked here so a typo never reaches the server and costs a throttled attempt
      if (next.value !== again.value) throw new Error('The two new passwords differ.');
      await postWithoutPrompt('/api/user/password', { current: current.value, new: next.value });
      form.reset();
      toast('Password changed. Your other sessions have ended.');
    } catch (err) { alert.show(err); }
  } }, h('h2', { id: 'password-title' }, 'Change your password'),
  h('p', { class: 'muted' }, 'Every other session you have ends at once; this one keeps working.'), alert,
  field('Current password', current),
  field('New password', next, `${MIN} to ${MAX} characters, different from the current one.`),
  field('New password again', again),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'password-submit' }, 'Change password')));
  const who = h('dl', { class: 'card narrow', id: 'account-who' },
    h('dt', {}, 'Name'), h('dd', {}, `${me.firstName || ''} ${me.lastName || ''}`.trim() || '—'),
    h('dt', {}, 'Email'), h('dd', {}, me.email));
  render('Account', h('h1', {}, 'Account'), who, await permissionsSection(), form);
}

/** Per workspace, the permissions the engine gives the person there, grouped by what they are about. */
async function permissionsSection() {
  const alert = alertBox();
  const groups = [];
  try {
    for (const ws of await all('/api/workspaces')) {
      const held = (await get(`/api/user/permissions?workspace=${enc(ws.id)}`)).permissions || [];
      // "project:manage" and "project:read" read together under "project"
      const byArea = new Map();
      held.forEach((p) => { const area = p.split(':')[0]; byArea.set(area, [...(byArea.get(area) || []), p]); });
      groups.push(h('section', { class: 'perm-workspace', dataset: { workspace: ws.id } },
        h('h3', {}, ws.name || ws.slug || ws.id),
        held.length ? h('dl', {}, [...byArea].flatMap(([area, keys]) => [h('dt', {}, area),
          h('dd', { class: 'scopes' }, keys.map((k) => h('code', {}, k)))]))
          : h('p', { class: 'muted' }, 'Nothing here.')));
    }
  } catch (err) { alert.show(err); }
  return h('section', { class: 'card narrow', id: 'account-permissions', 'aria-labelledby': 'permissions-title' },
    h('h2', { id: 'permissions-title' }, 'Your permissions'),
    h('p', { class: 'muted' }, 'What your role and project roles give you in each workspace, as the server decides it.'),
    alert, ...(groups.length ? groups : [h('p', { class: 'empty' }, 'You belong to no workspace yet.')]));
}

/**
 * Ends the session on the server first (the JWT stops working everywhere), then forgets it here. A
 * server that cannot be reached still leaves the person logged out in this browser.
 */
export async function logout() {
  try { if (session.active) await post('/api/user/logout'); } catch (e) { /* logged out locally below */ }
  session.clear();
}
