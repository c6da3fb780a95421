// The dashboard's shell: hash routes, the navigation, and the sign-up / log-in pages.
import { session, login, post, get, onPasswordNeeded, onSessionExpired } from './api.js';
import { h, field, alertBox, passwordDialog, toast } from './ui.js';
import { personalTokensPage } from './pats.js';
import { workspacesPage, workspacePage } from './workspaces.js';
import { notificationsPage } from './notifications.js';
import { accountPage, logout as endSession } from './account.js';
import { loading } from './reading.js';

onPasswordNeeded(passwordDialog);
onSessionExpired(() => { location.hash = '#/login'; });

const main = () => document.getElementById('main');
let me = null;

function render(title, ...content) {
  const m = main();
  m.replaceChildren(...content);
  m.removeAttribute('aria-busy');
  shown = location.hash;
  document.title = `${title} · Latchkey`;
  // a tab bar wider than a phone scrolls: keep the current tab in view, not scrolled off its end
  const current = m.querySelector('.tabs [aria-current="page"]');
  if (current) current.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  const heading = m.querySelector('h1');
  // move focus to the new page's heading, so keyboard and screen-reader users start there
  if (heading) { heading.tabIndex = -1; heading.focus({ preventScroll: true }); }
}

function renderNav(route) {
  const nav = document.getElementById('nav');
  if (!session.active) {
    nav.replaceChildren(
      h('a', { href: '#/login', 'aria-current': route === 'login' ? 'page' : null }, 'Log in'),
      h('a', { href: '#/signup', 'aria-current': route === 'signup' ? 'page' : null }, 'Sign up'));
    return;
  }
  nav.replaceChildren(
    h('a', { href: '#/tokens', id: 'nav-tokens', 'aria-current': route === 'tokens' ? 'page' : null }, 'Personal access tokens'),
    h('a', { href: '#/workspaces', id: 'nav-workspaces', 'aria-current': route === 'workspaces' ? 'page' : null }, 'Workspaces'),
    h('a', { href: '#/notifications', id: 'nav-notifications', 'aria-current': route === 'notifications' ? 'page' : null }, 'Notifications'),
    h('a', { href: '#/account', id: 'nav-account', 'aria-current': route === 'account' ? 'page' : null }, 'Account'),
    me ? h('span', { class: 'who', title: me.email }, me.firstName || me.email) : null,
    h('button', { type: 'button', id: 'logout', class: 'link', onclick: logout }, 'Log out'));
}

async function logout() {
  await endSession();
  me = null;
  location.hash = '#/login';
  toast('You are logged out.');
}

function loginPage() {
  const email = h('input', { type: 'email', name: 'username', id: 'login-email', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', name: 'password', id: 'login-password', autocomplete: 'current-password', required: true });
  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'primary', id: 'login-submit' }, 'Log in');
  const form = h('form', {
    class: 'card narrow', id: 'login-form',
    onsubmit: async (e) => {
      e.preventDefault(); alert.clear(); submit.disabled = true;
      try {
        await login(email.value.trim(), password.value);
        me = null;
        location.hash = '#/tokens';
      } catch (err) { alert.show(err); } finally { submit.disabled = false; }
    },
  }, alert, field('Email', email), field('Password', password), h('div', { class: 'actions' }, submit),
  h('p', {}, 'No account yet? ', h('a', { href: '#/signup' }, 'Sign up')));
  render('Log in', h('h1', {}, 'Log in'), form);
}

function signupPage() {
  const input = (name, type, autocomplete, extra = {}) => h('input', { type, name, id: `signup-${name}`, autocomplete, required: true, ...extra });
  const email = input('email', 'email', 'email');
  const first = input('firstName', 'text', 'given-name', { maxlength: 100 });
  const last = input('lastName', 'text', 'family-name', { maxlength: 100 });
  const password = input('password', 'password', 'new-password', { minlength: 10, maxlength: 128 });
  const alert = alertBox();
  const submit = h('button', { type: 'submit', class: 'primary', id: 'signup-submit' }, 'Create account');
  const form = h('form', {
    class: 'card narrow', id: 'signup-form',
    onsubmit: async (e) => {
      e.preventDefault(); alert.clear(); submit.disabled = true;
      try {
        await post('/api/signup', { email: email.value.trim(), firstName: first.value.trim(), lastName: last.value.trim(), password: password.value });
        await login(email.value.trim(), password.value);
        location.hash = '#/workspaces';
        toast('Welcome to Latchkey.');
      } catch (err) { alert.show(err); } finally { submit.disabled = false; }
    },
  }, alert, field('Email', email), field('First name', first), field('Last name', last),
  field('Password', password, 'At least 10 characters.'), h('div', { class: 'actions' }, submit),
  h('p', {}, 'Have an account? ', h('a', { href: '#/login' }, 'Log in')));
  render('Sign up', h('h1', {}, 'Sign up'), form);
}

let routing = 0;
/** The route whose page is on screen; a reload of the same route keeps it until the new one is ready. */
let shown = null;

/**
 * Another route: its data takes a moment, so the old page must not stay on screen meanwhile (it
 * would read as the new one). Within one workspace the heading and tabs stay and only the panel
 * is replaced, with the chosen tab already marked.
 */
function showLoading(parts) {
  const m = main();
  const panel = m.querySelector('section[id^="panel-"]');
  const sameWorkspace = parts[0] === 'w' && shown && shown.replace(/^#\/?/, '').split('/')[1] === encodeURIComponent(parts[1]);
  if (panel && sameWorkspace) {
    const tab = parts[2] || 'projects';
    m.querySelectorAll('.tabs a').forEach((a) => {
      if (a.id === `tab-${tab}`) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    });
    panel.replaceChildren(loading());
  } else {
    m.replaceChildren(loading());
  }
  m.setAttribute('aria-busy', 'true');
}

async function route() {
  // a slow page of an earlier route must not paint over the page of a later one
  const current = ++routing;
  const renderIfCurrent = (...args) => { if (current === routing) render(...args); };
  const hash = location.hash.replace(/^#\/?/, '');
  const parts = hash.split('/').filter(Boolean).map(decodeURIComponent);
  const name = parts[0] || (session.active ? 'tokens' : 'login');
  if (!session.active && name !== 'login' && name !== 'signup') {
    location.hash = '#/login';
    return;
  }
  if (session.active && !me) {
    try { me = await get('/api/user'); } catch (e) { /* a 401 already sent us to login */ }
  }
  renderNav(name === 'w' ? 'workspaces' : name);
  if (location.hash !== shown && name !== 'login' && name !== 'signup') showLoading([name, ...parts.slice(1)]);
  const ctx = { render: renderIfCurrent, me };
  try {
    switch (name) {
      case 'login': return loginPage();
      case 'signup': return signupPage();
      case 'tokens': return await personalTokensPage(ctx);
      case 'workspaces': return await workspacesPage(ctx);
      case 'notifications': return await notificationsPage(ctx);
      case 'account': return await accountPage(ctx);
      case 'w': return await workspacePage(ctx, parts[1], parts[2] || 'projects');
      default:
        return render('Not found', h('h1', {}, 'Page not found'), h('p', {}, h('a', { href: '#/tokens' }, 'Go to your tokens')));
    }
  } catch (err) {
    const alert = alertBox();
    alert.show(err);
    renderIfCurrent('Error', h('h1', {}, 'Something went wrong'), alert);
  }
}

window.addEventListener('hashchange', route);
route();
