// A workspace's access rules: which permission a request that a proxy (Caddy forward_auth,
// Traefik forwardAuth) sends to /api/auth/forward needs. Members see them; those who manage the
// workspace add, change and delete them. A refusal that names a field (problem+json `field`) is
// shown under that field; changing or deleting a rule may ask for the password (api.js).
import { get, post, patch, del, enc } from './api.js';
import { h, field, select, alertBox, openDialog, confirmDialog, toast, table, td, uid, problemPlacer } from './ui.js';
import { permissionCatalogue } from './forms.js';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** The controls of one rule, filled from `rule` (a new rule when absent). value() -> the API body. */
async function ruleControls(prefix, rule = {}) {
  const cat = await permissionCatalogue();
  const chosen = new Set(rule.methods || []);
  const boxes = METHODS.map((m) => h('input', { type: 'checkbox', value: m, id: `${prefix}-method-${m.toLowerCase()}`, checked: chosen.has(m) }));
  const methods = h('fieldset', { class: 'rule-methods', id: `${prefix}-methods`, tabindex: '-1' },
    h('legend', {}, 'Methods'),
    h('div', { class: 'methods' }, METHODS.map((m, i) => h('span', { class: 'check' }, boxes[i], h('label', { for: boxes[i].id }, m)))),
    h('small', { class: 'hint' }, 'None ticked: any method.'));
  const host = h('input', { type: 'text', id: `${prefix}-host`, maxlength: 260, value: rule.host || '',
    placeholder: 'api.example.com', autocomplete: 'off', spellcheck: 'false' });
  const path = h('input', { type: 'text', id: `${prefix}-path`, required: true, maxlength: 200, value: rule.path || '',
    placeholder: '/api/{project}/releases/**', autocomplete: 'off', spellcheck: 'false' });
  const permission = select({ id: `${prefix}-permission`, required: true },
    [['', 'Choose a permission…'], ...cat.permissions.filter((p) => p.key !== 'owner')
      .map((p) => [p.key, `${p.key}${p.level ? ` (${p.level})` : ''}`])], rule.permission || '');
  const controls = h('div', {},
    methods,
    h('div', { class: 'grid2' },
      field('Host (optional)', host, 'Lower-case host name, optionally with :port. Empty: any host.'),
      field('Path pattern', path, '{project} captures a project key or id; * one segment, ** any rest. '
        + 'A project permission needs {project}.')),
    field('Permission the request needs', permission));
  controls.value = () => ({
    methods: boxes.filter((b) => b.checked).map((b) => b.value),
    host: host.value.trim(),
    path: path.value.trim(),
    permission: permission.value || null,
  });
  controls.fields = { methods, host, path, permission };
  return controls;
}

const anyIfEmpty = (list) => (list && list.length ? list.join(', ') : 'Any');

export async function accessRulesTab(host, ws, can) {
  const base = `/api/workspaces/${enc(ws.id)}/access-rules`;
  const alert = alertBox();
  let rules = [];
  try { rules = (await get(base)).items || []; } catch (err) { alert.show(err); }
  const editable = can['workspace:manage'];
  const rows = rules.map((r) => h('tr', { class: 'rule-row', dataset: { ruleId: r.id, rulePath: r.path } },
    td('Methods', anyIfEmpty(r.methods)),
    td('Host', r.host || 'Any'),
    td('Path', h('code', {}, r.path)),
    td('Permission', h('code', {}, r.permission)),
    td('Actions', editable ? h('div', { class: 'row-actions' },
      h('button', { type: 'button', class: 'small', dataset: { action: 'edit-rule' }, onclick: () => editRule(r) }, 'Edit'),
      h('button', { type: 'button', class: 'small danger', dataset: { action: 'delete-rule' }, onclick: async () => {
        if (!await confirmDialog('Delete access rule', `Delete the rule for ${r.path}? A broader rule, or none (denied), `
          + 'then decides for these requests.', 'Delete')) return;
        try { await del(`${base}/${enc(r.id)}`); toast('Access rule deleted.'); reload(); } catch (err) { alert.show(err); }
      } }, 'Delete')) : '')));

  async function editRule(rule) {
    const controls = await ruleControls(uid('edit-rule'), rule);
    const dlgAlert = alertBox();
    const problems = problemPlacer(dlgAlert, controls.fields);
    openDialog({ title: `Change the rule for ${rule.path}`, id: 'access-rule-dialog', content: [dlgAlert, controls],
      actions: [{ label: 'Cancel', onclick: (close) => close() },
        { label: 'Save', primary: true, id: 'access-rule-save', onclick: async (close) => {
          problems.clear();
          try {
            // every field is sent: no ticked method = any, an empty host clears it
            await patch(`${base}/${enc(rule.id)}`, controls.value());
            close(); toast('Access rule saved.'); reload();
          } catch (err) { problems.place(err); }
        } }] });
  }

  const parts = [h('h2', {}, 'Access rules'),
    h('p', { class: 'lead' }, 'What a request that your proxy forwards to ',
      h('code', {}, `/api/auth/forward?workspace=${ws.slug}`), ' needs: the most specific matching rule decides; ',
      'a request no rule matches is denied.'),
    alert,
    table('Access rules', ['Methods', 'Host', 'Path', 'Permission', 'Actions'], rows,
      'No access rules yet: every forwarded request is denied.', { id: 'access-rule-table' })];
  if (editable) {
    const controls = await ruleControls('rule');
    const formAlert = alertBox();
    const problems = problemPlacer(formAlert, controls.fields);
    parts.push(h('form', { class: 'card', id: 'access-rule-form', novalidate: true, onsubmit: async (e) => {
      e.preventDefault(); problems.clear();
      const body = controls.value();
      if (!body.host) delete body.host;
      try { await post(base, body); toast('Access rule added.'); reload(); } catch (err) { problems.place(err); }
    } }, h('h3', {}, 'New access rule'), formAlert, controls,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'access-rule-submit' }, 'Add rule'))));
  } else {
    parts.push(h('p', { class: 'muted' }, 'Only those who manage the workspace change its access rules.'));
  }
  host.replaceChildren(...parts);
}

function reload() {
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}
