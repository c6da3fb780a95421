// Small DOM helpers: an element builder that only ever sets text (never HTML), dialogs with focus
// handling, a status toast, and formatting.

/** h('button', {class: 'x', onclick: fn}, 'text', child) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'value') el.value = value;
    else if (key === 'checked' || key === 'selected' || key === 'disabled') el[key] = !!value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
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

export function select(attrs, options, selected) {
  return h('select', attrs, options.map(([value, text]) =>
    h('option', { value, selected: value === selected }, text)));
}

/** An alert region for errors of one form or page; show(err) / clear(). */
export function alertBox() {
  const box = h('div', { class: 'alert', role: 'alert', hidden: true });
  box.show = (err) => {
    box.textContent = err && err.message ? err.message : String(err);
    box.hidden = false;
  };
  box.clear = () => { box.textContent = ''; box.hidden = true; };
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
 */
export function openDialog({ title, content, actions = [], id, onclose }) {
  const opener = document.activeElement;
  const titleId = uid('dlg-title');
  const dialog = h('dialog', { id, 'aria-labelledby': titleId, class: 'dialog' });
  const close = (value) => { if (dialog.open) dialog.close(value ?? ''); };
  const buttons = actions.map((a) => h('button', {
    type: 'button', class: a.primary ? 'primary' : (a.danger ? 'danger' : ''), id: a.id,
    onclick: () => (a.onclick ? a.onclick(close) : close(a.value)),
  }, a.label));
  dialog.append(h('h2', { id: titleId }, title), h('div', { class: 'dialog-body' }, content),
    h('div', { class: 'actions' }, buttons));
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener && opener.isConnected) opener.focus();
    if (onclose) onclose(dialog.returnValue);
  });
  document.body.append(dialog);
  dialog.showModal();
  const first = dialog.querySelector('[autofocus], input, select, textarea, button.primary, button');
  if (first) first.focus();
  return { dialog, close };
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

/** Shows a freshly issued token once, with a Copy button and the warning. */
export function tokenDialog(title, token, extra) {
  const code = h('code', { id: 'new-token', class: 'token-value', tabindex: '0' }, token);
  const copied = h('span', { class: 'copied', role: 'status', 'aria-live': 'polite' });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token);
    } catch (e) {
      const range = document.createRange();
      range.selectNodeContents(code);
      const selection = getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      document.execCommand('copy');
    }
    copied.textContent = 'Copied to the clipboard.';
  };
  return new Promise((resolve) => {
    openDialog({
      title, id: 'token-dialog',
      content: [
        h('p', { class: 'warning', id: 'token-warning' },
          'Copy this token now. It will not be shown again: Latchkey keeps only a hash of it.'),
        h('div', { class: 'token-box' }, code,
          h('button', { type: 'button', id: 'copy-token', class: 'primary', onclick: copy, autofocus: true }, 'Copy')),
        copied, extra,
      ],
      actions: [{ label: 'Done', id: 'token-dialog-done', onclick: (close) => close() }],
      onclose: () => resolve(),
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
