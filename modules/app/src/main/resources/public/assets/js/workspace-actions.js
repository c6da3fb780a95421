// Row actions that were dead ends (issue #22, items 6 and 7): editing a project (protected ones
// included, and unprotecting them), Edit and Duplicate settings of a token of any kind (the
// personal-token page and the workspace tokens share them), the state filter of a token list,
// leaving a workspace, and a confirmation before a service user is suspended. Every one is a call
// of the JSON API; the server decides and its refusals are shown.
import { post, patch, del, enc } from './api.js';
import { h, field, select, alertBox, openDialog, confirmDialog, tokenDialog, toast } from './ui.js';
import { expiryField, ipField } from './forms.js';
import { constrainExpiry } from './policy.js';
import { STATE_FILTERS } from './reading.js';

/**
 * Name, key and protection of a project. Only what changed is sent: renaming needs
 * project:manage, while (un)protecting, and changing a protected project's key, needs owner.
 */
export function projectEditDialog(ws, p, done) {
  const name = h('input', { type: 'text', id: 'project-edit-name', required: true, maxlength: 100, value: p.name });
  const key = h('input', { type: 'text', id: 'project-edit-key', required: true, maxlength: 40, value: p.key });
  const prot = h('input', { type: 'checkbox', id: 'project-edit-protected', checked: p.protected });
  const dlgAlert = alertBox();
  openDialog({
    title: `Edit project “${p.name}”`, id: 'project-edit-dialog',
    content: [dlgAlert, h('div', { class: 'grid2' }, field('Name', name), field('Key', key)),
      h('div', { class: 'check' }, prot, h('label', { for: prot.id }, 'Protected (cannot be deleted; only owners change its key)')),
      h('p', { class: 'muted' }, 'Protecting or unprotecting, and changing a protected project’s key, takes an owner.')],
    actions: [
      { label: 'Cancel', onclick: (close) => close() },
      { label: 'Save', primary: true, id: 'project-edit-save', onclick: async (close) => {
        dlgAlert.clear();
        const body = {};
        if (name.value.trim() !== p.name) body.name = name.value.trim();
        if (key.value.trim() !== p.key) body.key = key.value.trim();
        if (prot.checked !== p.protected) body.protected = prot.checked;
        if (!Object.keys(body).length) { close(); return; }
        try {
          await patch(`/api/workspaces/${enc(ws.id)}/projects/${enc(p.id)}`, body);
          close();
          toast(body.protected === false ? 'Project saved; it is no longer protected.' : 'Project saved.');
          done();
        } catch (err) { dlgAlert.show(err); }
      } },
    ],
  });
}

/** Which tokens a list shows, by the state the API gives (?state=); '' is every state. */
export function stateFilter(id, value, onchange) {
  // the same choices as the personal tokens: revoked ones only under their own entry
  const s = select({ id, name: 'state' }, STATE_FILTERS, value);
  s.addEventListener('change', () => onchange(s.value));
  return field('Show', s);
}

/** Name, note and IP restrictions of any kind of token (PATCH {base}/{id}); the grant never changes here. */
export function tokenEditDialog(base, t, done) {
  const name = h('input', { type: 'text', id: 'token-edit-name', required: true, maxlength: 100, value: t.name || '' });
  const note = h('textarea', { id: 'token-edit-note', rows: 2, maxlength: 1000 }, t.note || '');
  const ips = ipField('token-edit-ip', t.ipRestrictions || []);
  const dlgAlert = alertBox();
  openDialog({
    title: `Edit “${t.name}”`, id: 'token-edit-dialog',
    content: [dlgAlert, field('Name', name), field('Note', note), ips,
      h('p', { class: 'muted' }, 'The grant and the expiry cannot change; duplicate the settings into a new token to change them.')],
    actions: [
      { label: 'Cancel', onclick: (close) => close() },
      { label: 'Save', primary: true, id: 'token-edit-save', onclick: async (close) => {
        try {
          await patch(`${base}/${enc(t.id)}`, { name: name.value.trim(), note: note.value.trim(), ipRestrictions: ips.value() });
          close();
          toast('Saved.');
          done();
        } catch (err) { dlgAlert.show(err); }
      } },
    ],
  });
}

/**
 * "Duplicate settings": a new token with this one's grant, note and IP restrictions
 * (POST {base}/{id}/copy), shown once like any new token. Not called "Copy": that word is the
 * clipboard button of the shown-once dialog.
 */
export function duplicateDialog(base, t, done, workspace) {
  const name = h('input', { type: 'text', id: 'duplicate-name', value: `${t.name} (copy)`, maxlength: 100, required: true });
  const exp = expiryField('duplicate-expiration', '30d');
  constrainExpiry(exp, workspace);
  const dlgAlert = alertBox();
  openDialog({
    title: `Duplicate settings of “${t.name}”`, id: 'duplicate-dialog',
    content: [h('p', {}, 'A new token with a new secret and the same grant, note and IP restrictions. The original stays as it is.'),
      dlgAlert, field('Name of the new token', name), exp],
    actions: [
      { label: 'Cancel', onclick: (close) => close() },
      { label: 'Create token', primary: true, id: 'duplicate-submit', onclick: async (close) => {
        try {
          const issued = await post(`${base}/${enc(t.id)}/copy`, { name: name.value.trim(), ...exp.value() });
          close();
          await tokenDialog(`Token “${issued.name}” created`, issued);
          done();
        } catch (err) { dlgAlert.show(err); }
      } },
    ],
  });
}

/**
 * Leaving: DELETE .../members/me. The server keeps the last OWNER in (409, shown in `alert`);
 * afterwards the workspace is out of reach, so the page goes back to the list.
 */
export function leaveButton(ws, alert) {
  return h('button', { type: 'button', class: 'danger', id: 'leave-workspace', onclick: async () => {
    if (!await confirmDialog('Leave workspace', `Leave ${ws.name}? You lose access at once, and so do your personal tokens here; someone who manages the workspace must add you again.`, 'Leave')) return;
    try {
      await del(`/api/workspaces/${enc(ws.id)}/members/me`);
      toast(`You left ${ws.name}.`);
      location.hash = '#/workspaces';
    } catch (err) { alert.show(err); }
  } }, 'Leave workspace');
}

/** Suspending stops every token of the service user at once, so it is asked first; reactivating is not. */
export async function confirmSuspend(u) {
  return confirmDialog('Suspend service user',
    `Suspend ${u.firstName} ${u.lastName}? All its tokens stop working at once, until it is reactivated.`, 'Suspend');
}
