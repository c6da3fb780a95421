// "Account": the signed-in person's own settings that the API offers and no other page reaches:
// changing the password (POST /api/user/password, the current password is the confirmation) and
// logging out on the server (POST /api/user/logout), so a copied session stops working too.
import { session, get, post, postWithoutPrompt } from './api.js';
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
  render('Account', h('h1', {}, 'Account'), who, form);
}

/**
 * Ends the session on the server first (the JWT stops working everywhere), then forgets it here. A
 * server that cannot be reached still leaves the person logged out in this browser.
 */
export async function logout() {
  try { if (session.active) await post('/api/user/logout'); } catch (e) { /* logged out locally below */ }
  session.clear();
}
