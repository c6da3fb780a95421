// Form pieces shared by the token pages: expiry presets, IP restrictions, and the permission
// picker built from the public catalogue (GET /api/permissions).
import { get, post } from './api.js';
import { h, field, select, uid, splitList, alertBox, openDialog, tokenDialog } from './ui.js';
import { fieldError } from './problems.js';
import { constrainExpiry } from './policy.js';

let catalogue = null;
export async function permissionCatalogue() {
  if (!catalogue) catalogue = await get('/api/permissions');
  return catalogue;
}

const PRESETS = [['7d', '7 days'], ['30d', '30 days'], ['60d', '60 days'], ['90d', '90 days'],
  ['never', 'No expiry'], ['custom', 'Custom date']];

/**
 * The live line under a token form that says what the token will be able to do, in words, before
 * it is created. show([sentence, complete]); an incomplete choice is marked (the form refuses it).
 */
export function grantSummary(id) {
  const text = h('span', { id });
  const el = h('p', { class: 'grant-summary', 'aria-live': 'polite' }, h('strong', {}, 'Grants: '), text);
  el.show = ([sentence, complete]) => {
    text.textContent = sentence;
    el.classList.toggle('incomplete', !complete);
  };
  return el;
}

/** Expiration preset or custom date. value() -> {expiration} | {expiresAt}. */
export function expiryField(name = 'expiration', initial = '30d') {
  const preset = select({ name, id: uid(name) }, PRESETS, initial);
  const date = h('input', { type: 'date', name: `${name}-date`, id: uid('date'), hidden: true,
    min: new Date(Date.now() + 86400000).toISOString().slice(0, 10) });
  const dateLabel = h('label', { for: date.id, hidden: true }, 'Expires on');
  preset.addEventListener('change', () => {
    const custom = preset.value === 'custom';
    date.hidden = !custom; dateLabel.hidden = !custom; date.required = custom;
  });
  // an error about either request field is shown here (problems.js)
  const el = h('div', { class: 'field', dataset: { field: 'expiration expiresAt' } },
    h('label', { for: preset.id }, 'Expiration'), preset, dateLabel, date);
  el.value = () => {
    if (preset.value === '') return {};
    if (preset.value !== 'custom') return { expiration: preset.value };
    if (!date.value) throw fieldError('expiresAt', 'Pick the expiry date.');
    return { expiresAt: new Date(`${date.value}T23:59:59Z`).toISOString() };
  };
  el.preset = preset; el.date = date;
  return el;
}

export function ipField(name = 'ipRestrictions', initial = []) {
  const input = h('textarea', { name, rows: 2, placeholder: '10.0.0.0/8, 2001:db8::/32' }, initial.join('\n'));
  const el = field('IP restrictions (optional)', input,
    'Addresses or CIDR ranges, one per line or comma-separated. Empty: any address.');
  el.dataset.field = 'ipRestrictions';
  el.value = () => splitList(input.value);
  el.input = input;
  return el;
}

/**
 * Permissions grouped by area with checkboxes and one-click presets. level: 'project-ish' for
 * PATs (everything), or a filter function. value() -> [keys].
 */
export async function permissionPicker({ legend = 'Scopes', name = 'scope', filter = () => true, presets } = {}) {
  const cat = await permissionCatalogue();
  const perms = cat.permissions.filter(filter);
  const byArea = new Map();
  for (const p of perms) {
    const area = p.key === 'owner' ? 'owner' : p.key.split(':')[0];
    if (!byArea.has(area)) byArea.set(area, []);
    byArea.get(area).push(p);
  }
  const boxes = [];
  const groups = [...byArea.entries()].map(([area, list]) => h('fieldset', { class: 'area' },
    h('legend', {}, area),
    list.map((p) => {
      const box = h('input', { type: 'checkbox', name, value: p.key, id: uid('perm') });
      boxes.push(box);
      return h('div', { class: 'check' }, box,
        h('label', { for: box.id }, h('code', {}, p.key), h('span', { class: 'desc' }, p.description || '')));
    })));
  // a preset tells the form, like a click on a box would, so summaries of the form stay true
  const set = (keys) => {
    const s = new Set(keys);
    // a box that is off (a scope beyond the ceiling, policy.js) stays unticked whatever the preset
    boxes.forEach((b) => { b.checked = s.has(b.value) && !b.disabled; });
    el.dispatchEvent(new Event('change', { bubbles: true }));
  };
  const roleKeys = (role) => (cat.projectRoles.find((r) => r.name === role) || { permissions: [] }).permissions;
  const readOnly = perms.filter((p) => !p.key.includes(':') || /:read$/.test(p.key)).map((p) => p.key)
    .filter((k) => k !== 'owner');
  const presetList = presets || [
    ['Read-only', () => readOnly],
    ['Developer', () => [...roleKeys('DEVELOPER'), 'user:read', 'workspace:read']],
    ['Everything', () => perms.map((p) => p.key).filter((k) => k !== 'owner')],
    ['None', () => []],
  ];
  const presetButtons = h('div', { class: 'presets', role: 'group', 'aria-label': `${legend} presets` },
    h('span', {}, 'Presets:'),
    presetList.map(([label, keys]) => h('button', {
      type: 'button', class: 'small', dataset: { preset: label.toLowerCase() },
      onclick: () => set(keys().filter((k) => perms.some((p) => p.key === k))),
    }, label)));
  // a search over keys and descriptions, and "only checked": narrow what is shown, never what is picked
  const search = h('input', { type: 'search', id: uid(`${name}-search`), placeholder: 'Search permissions',
    'aria-label': `Search ${legend.toLowerCase()}`, class: 'perm-search' });
  const onlyChecked = h('input', { type: 'checkbox', id: uid(`${name}-only-checked`), class: 'perm-only-checked' });
  const filterView = () => {
    const q = search.value.trim().toLowerCase();
    groups.forEach((g) => {
      let shown = 0;
      g.querySelectorAll('.check').forEach((row) => {
        const box = row.querySelector('input');
        const text = row.textContent.toLowerCase();
        const visible = (!q || text.includes(q)) && (!onlyChecked.checked || box.checked);
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      g.hidden = shown === 0;
    });
  };
  search.addEventListener('input', filterView);
  onlyChecked.addEventListener('change', (e) => { e.stopPropagation(); filterView(); });
  const finder = h('div', { class: 'perm-filter' }, search,
    h('span', { class: 'check' }, onlyChecked, h('label', { for: onlyChecked.id }, 'Only checked')));
  const el = h('fieldset', { class: 'permissions', dataset: { field: 'scopes permissions' } }, h('legend', {}, legend), presetButtons, finder,
    h('div', { class: 'areas' }, groups));
  el.value = () => boxes.filter((b) => b.checked).map((b) => b.value);
  el.set = (keys) => { set(keys); filterView(); };
  el.addEventListener('change', () => { if (onlyChecked.checked) filterView(); });
  return el;
}

/**
 * The token types a create form offers (GET /api/token-types, and the workspace's own when a
 * workspace is given), as a select whose first option is "pick permissions myself".
 * projectOnly leaves out types a workspace or service token cannot carry. value() -> id | null.
 */
export async function typeSelect(id, { workspace = null, projectOnly = false } = {}) {
  const cat = await permissionCatalogue();
  const level = new Map(cat.permissions.map((p) => [p.key, p.level]));
  const fits = (t) => !projectOnly || t.permissions.every((k) => level.get(k) === 'project' || k === 'owner');
  const builtIn = await get('/api/token-types');
  let custom = [];
  if (workspace) {
    try { custom = await get(`/api/workspaces/${encodeURIComponent(workspace)}/token-types`); } catch (e) { custom = []; }
  }
  const types = [...builtIn, ...custom].filter(fits);
  const sel = select({ id, name: 'type' }, [['', 'None: pick permissions myself'],
    ...types.map((t) => [t.id, `${t.name}${t.builtIn ? '' : ' (this workspace)'}: ${t.permissions.join(', ')}`])], '');
  const el = field('Token type', sel, 'A named permission set; the token keeps the permissions the type has now.');
  el.value = () => sel.value || null;
  el.select = sel;
  el.types = types;
  return el;
}

const GRACES = [['0', 'None: the old secret stops at once'], ['600', '10 minutes'], ['3600', '1 hour'],
  ['86400', '1 day'], ['604800', '7 days']];

/** While a rotation's grace runs: "old secret …abcd works 59 min more"; null otherwise. */
export function graceNote(t) {
  if (!t.previousValidUntil || t.status === 'revoked') return null;
  const left = new Date(t.previousValidUntil).getTime() - Date.now();
  if (left <= 0) return null;
  const mins = Math.ceil(left / 60000);
  const text = mins >= 2880 ? `${Math.round(mins / 1440)} days` : mins >= 120 ? `${Math.round(mins / 60)} h` : `${mins} min`;
  return h('div', { class: 'muted grace-note', title: `until ${t.previousValidUntil}` },
    `Old secret …${t.previousHint || ''} works ${text} more`);
}

/**
 * Rotate: a new secret while the old one keeps working for the chosen grace (the machines that
 * share it switch meanwhile); the token keeps its id, grant and lifetime. Same for every kind.
 */
export function rotateDialog(name, path, done, workspace = null) {
  const grace = select({ name: 'graceSeconds', id: uid('grace') }, GRACES, '3600');
  // the lifetime stays unless a new expiry is chosen; the choices follow the workspace's policy
  const exp = expiryField('rotate-expiration', '');
  exp.preset.prepend(h('option', { value: '' }, 'Keep the current lifetime'));
  exp.preset.value = '';
  constrainExpiry(exp, workspace);
  const dlgAlert = alertBox();
  openDialog({
    title: `Rotate “${name}”`, id: 'rotate-dialog',
    content: [h('p', {}, 'A new secret; the current one keeps working for the grace you choose, so whatever uses it can switch without an outage.'),
      dlgAlert, field('Old secret keeps working for', grace, 'At most 7 days, or less if the workspace policy says so.'), exp],
    actions: [
      { label: 'Cancel', onclick: (close) => close() },
      { label: 'Rotate', primary: true, id: 'rotate-submit', onclick: async (close) => {
        try {
          const issued = await post(path, { graceSeconds: Number(grace.value), ...exp.value() });
          close();
          await tokenDialog(`New secret for “${name}”`, { token: issued.token, name: issued.name || name });
          done();
        } catch (err) { dlgAlert.show(err); }
      } },
    ],
  });
}
