// Small DOM helpers: an element builder that only ever sets text (never HTML), dialogs with focus
// handling, a status toast, and formatting.
import { placeProblem, clearProblems, scopeOf } from './problems.js';

/** h('button', {class: 'x', onclick: fn}, 'text', child) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'onsubmit' && tag === 'form') el.addEventListener('submit', whileBusy(el, () => submitButtons(el), value));
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'value') el.value = value;
    else if (key === 'checked' || key === 'selected' || key === 'disabled') el[key] = !!value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

const submitButtons = (form) => [...form.querySelectorAll('button:not([type]), button[type="submit"]'), ...form.id
  ? document.querySelectorAll(`button[form="${CSS.escape(form.id)}"]`) : []];

/**
 * Wraps the handler of a submit or a click that sends a request: while it runs, `owner` carries
 * aria-busy and `buttons()` are disabled (a spinner shows), and another submit or click is
 * ignored, so a double click makes one request and one result. Every form built by h() and every
 * dialog action goes through here.
 */
export function whileBusy(owner, buttons, handler) {
  return async (event) => {
    if (event && event.type === 'submit') event.preventDefault();
    if (owner.getAttribute('aria-busy') === 'true') return undefined;
    const held = buttons().map((b) => [b, b.disabled]);
    owner.setAttribute('aria-busy', 'true');
    for (const [b] of held) { b.disabled = true; b.setAttribute('aria-busy', 'true'); }
    try {
      return await handler(event);
    } finally {
      owner.removeAttribute('aria-busy');
      for (const [b, was] of held) { b.disabled = was; b.removeAttribute('aria-busy'); }
    }
  };
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

let ids = 0;
export const uid = (prefix = 'f') => `${prefix}-${++ids}`;

/** A labelled form field: label + control (+ hint), wired with for/id and aria-describedby. */
export function field(label, control, hint) {
  if (!control.id) control.id = uid('field');
  const parts = [h('label', { for: control.id }, label), control];
  if (hint) {
    const hintEl = h('small', { id: uid('hint'), class: 'hint' }, hint);
    control.setAttribute('aria-describedby', hintEl.id);
    parts.push(hintEl);
  }
  return h('div', { class: 'field' }, parts);
}

/**
 * Where a refusal of the API goes, for a form whose controls the markup cannot name: `fields`
 * ({name: control}) adds them to what alertBox's show() looks up (problems.js).
 */
export function problemPlacer(alert, fields) {
  return { clear: () => alert.clear(), place: (err) => alert.show(err, fields) };
}

export function select(attrs, options, selected) {
  return h('select', attrs, options.map(([value, text]) =>
    h('option', { value, selected: value === selected }, text)));
}

/**
 * An alert region for errors of one form or page; show(err) / clear(). An error that names a field
 * of the form or dialog around the box is shown at that field instead (problems.js), for every form.
 */
export function alertBox() {
  const box = h('div', { class: 'alert', role: 'alert', hidden: true });
  box.show = (err, fields) => {
    box.textContent = ''; box.hidden = true;
    clearProblems(scopeOf(box));
    if (placeProblem(scopeOf(box), err, fields)) return;
    box.textContent = err && err.message ? err.message : String(err);
    box.hidden = false;
    box.scrollIntoView({ block: 'nearest' });
  };
  box.clear = () => { box.textContent = ''; box.hidden = true; clearProblems(scopeOf(box)); };
  return box;
}

export function toast(message) {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.classList.add('show');
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => el.classList.remove('show'), 4000);
}

/**
 * A modal dialog. content: nodes; actions: [{label, primary, onclick(close) | close: true}].
 * Focus moves into the dialog and returns to what had it when the dialog closes; Escape closes.
 * canClose, when given, is asked before every close (Escape, an action's close()); answering false
 * keeps the dialog open. forceClose() closes without asking. An action's onclick that returns a
 * promise keeps its button disabled and busy until the promise settles.
 */
export function openDialog({ title, content, actions = [], id, onclose, canClose }) {
  const opener = document.activeElement;
  const titleId = uid('dlg-title');
  const dialog = h('dialog', { id, 'aria-labelledby': titleId, class: 'dialog' });
  let closing = false;
  const forceClose = (value) => { if (dialog.open) { closing = true; dialog.close(value ?? ''); } };
  const close = (value) => { if (!canClose || canClose()) forceClose(value); };
  const buttons = actions.map((a) => {
    const button = h('button', { type: 'button', class: a.primary ? 'primary' : (a.danger ? 'danger' : ''), id: a.id }, a.label);
    button.addEventListener('click', whileBusy(button, () => [button],
      () => (a.onclick ? a.onclick(close) : close(a.value))));
    return button;
  });
  dialog.append(h('h2', { id: titleId }, title), h('div', { class: 'dialog-body' }, content),
    h('div', { class: 'actions' }, buttons));
  // Escape asks first; the browser may close anyway (a repeated Escape is not always cancelable),
  // then a dialog that may not close yet is shown again
  dialog.addEventListener('cancel', (e) => { e.preventDefault(); close(); });
  dialog.addEventListener('close', () => {
    if (!closing && canClose && !canClose()) { dialog.showModal(); return; }
    dialog.remove();
    if (opener && opener.isConnected) opener.focus();
    if (onclose) onclose(dialog.returnValue);
  });
  document.body.append(dialog);
  dialog.showModal();
  const first = dialog.querySelector('[autofocus], input, select, textarea, button.primary, button');
  if (first) first.focus();
  return { dialog, close, forceClose };
}

export function confirmDialog(title, message, confirmLabel = 'Confirm', danger = true) {
  return new Promise((resolve) => {
    let answer = false;
    openDialog({
      title, id: 'confirm-dialog', content: [h('p', {}, message)],
      actions: [
        { label: 'Cancel', onclick: (close) => close() },
        { label: confirmLabel, danger, primary: !danger, id: 'confirm-yes', onclick: (close) => { answer = true; close(); } },
      ],
      onclose: () => resolve(answer),
    });
  });
}

/** Asks for the password (never stored); resolves to it or null. */
export function passwordDialog(retry) {
  return new Promise((resolve) => {
    let answer = null;
    const input = h('input', { type: 'password', id: 'confirm-password', autocomplete: 'current-password', required: true, autofocus: true });
    const form = h('form', {
      onsubmit: (e) => { e.preventDefault(); answer = input.value; dlg.close(); },
    }, h('p', {}, retry ? 'That password did not match. Try again.'
      : 'This action needs your password (your login is older than the confirmation window).'),
    field('Password', input));
    const dlg = openDialog({
      title: 'Confirm with your password', id: 'password-dialog', content: [form],
      actions: [
        { label: 'Cancel', onclick: (close) => close() },
        { label: 'Confirm', primary: true, id: 'confirm-password-submit', onclick: () => form.requestSubmit() },
      ],
      onclose: () => resolve(answer),
    });
  });
}

/** `<name>.txt` for a token's download, with only characters every file system takes. */
export function tokenFileName(name) {
  const safe = String(name || '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return `${safe || 'latchkey-token'}.txt`;
}

/**
 * Shows a freshly issued token ({token, name}) once, with Copy and Download and the warning.
 * Closing it (Escape, Done) before the token was copied or downloaded asks first, inside the
 * dialog: after a regeneration the old secret is already dead, so a lost new one breaks things.
 */
export function tokenDialog(title, issued) {
  const token = issued.token;
  const fileName = tokenFileName(issued.name);
  let saved = false;
  let blobUrl = null;
  let dlg = null;
  const code = h('code', { id: 'new-token', class: 'token-value', tabindex: '0' }, token);
  const status = h('span', { class: 'copied', role: 'status', 'aria-live': 'polite' });
  const keep = h('button', { type: 'button', id: 'token-keep', class: 'primary' }, 'Keep it open');
  const unsaved = h('div', { class: 'warning unsaved', id: 'token-unsaved', role: 'alert', hidden: true },
    h('p', {}, 'You have not copied this token or downloaded it. Once this dialog closes it is gone: ',
      'Latchkey keeps only a hash, and after a regeneration the old secret no longer works.'),
    h('div', { class: 'actions' }, keep,
      h('button', { type: 'button', id: 'token-discard', class: 'danger', onclick: () => dlg.forceClose() },
        'Close without copying')));
  const markSaved = (message) => { saved = true; unsaved.hidden = true; status.textContent = message; };
  const copyButton = h('button', { type: 'button', id: 'copy-token', class: 'primary', autofocus: true, onclick: async () => {
    let ok = false;
    try {
      await navigator.clipboard.writeText(token);
      ok = true;
    } catch (e) {
      const range = document.createRange();
      range.selectNodeContents(code);
      const selection = getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      ok = document.execCommand('copy');
    }
    if (ok) markSaved('Copied to the clipboard.');
    else status.textContent = 'Copying did not work here: select the token and copy it, or download it.';
  } }, 'Copy');
  const download = h('button', { type: 'button', id: 'download-token', onclick: () => {
    if (!blobUrl) blobUrl = URL.createObjectURL(new Blob([`${token}\n`], { type: 'text/plain' }));
    const link = h('a', { href: blobUrl, download: fileName });
    document.body.append(link);
    link.click();
    link.remove();
    markSaved(`Downloaded as ${fileName}.`);
  } }, 'Download');
  keep.addEventListener('click', () => { unsaved.hidden = true; copyButton.focus(); });
  return new Promise((resolve) => {
    dlg = openDialog({
      title, id: 'token-dialog',
      content: [
        h('p', { class: 'warning', id: 'token-warning' },
          'Copy this token now. It will not be shown again: Latchkey keeps only a hash of it.'),
        h('div', { class: 'token-box' }, code, copyButton, download),
        status, unsaved,
      ],
      actions: [{ label: 'Done', id: 'token-dialog-done', onclick: (close) => close() }],
      canClose: () => {
        if (saved) return true;
        unsaved.hidden = false;
        keep.focus();
        return false;
      },
      onclose: () => {
        if (blobUrl) URL.revokeObjectURL(blobUrl);
        resolve();
      },
    });
  });
}

export function fmtDate(iso, withTime = true) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return withTime ? d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
    : d.toLocaleDateString(undefined, { dateStyle: 'medium' });
}

export function badge(status) {
  return h('span', { class: `badge badge-${status}`, 'data-status': status }, status);
}

export function splitList(text) {
  return text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
}

/** A table with a caption, header row and body rows; empty shows `emptyText`. */
export function table(caption, headers, rows, emptyText, attrs = {}) {
  if (!rows.length) return h('p', { class: 'empty' }, emptyText);
  return h('div', { class: 'table-wrap' }, h('table', attrs,
    h('caption', { class: 'sr-only' }, caption),
    h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows)));
}

/** A cell that carries its column name for the phone layout (CSS shows it as a label). */
export const td = (label, ...content) => h('td', { 'data-label': label }, ...content);
