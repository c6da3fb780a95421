// Errors in sight: a refusal (problem+json) or a check of the page that names a field is shown at
// that field, which is marked aria-invalid and described by the message, scrolled to and focused;
// the mark goes when the field is changed. One mechanism for every form: an alert box (ui.js
// alertBox) hands its error here, and the field is looked up in the form or dialog around the box.
import { h, uid } from './ui.js';

/** An error of the page's own checks that names the field to blame, like a problem's `field`. */
export function fieldError(field, message) {
  const err = new Error(message);
  err.field = field;
  return err;
}

// a policy refusal names its rule, not the request field: both rules are about the expiry
const RULE_FIELDS = { maxLifetimeDays: 'expiration', requireExpiry: 'expiration' };

/** The request field an error names: the page's own check, the problem's `field`, or a policy rule. */
export function fieldOf(err) {
  if (!err) return null;
  if (err.field) return err.field;
  const problem = err.problem || {};
  if (problem.field) return String(problem.field).replace(/\[.*$/, '');
  if (problem.reason === 'policy_violation' && RULE_FIELDS[problem.rule]) return RULE_FIELDS[problem.rule];
  return null;
}

const FOCUSABLE = 'input:not([type=hidden]):not(:disabled), select:not(:disabled), textarea:not(:disabled)';

/**
 * The control for `name` inside `scope`: one marked data-field="… name …" (a widget answering for
 * several request fields, e.g. the expiry for expiration and expiresAt), else one named `name`.
 */
function controlFor(scope, name, fields = {}) {
  if (fields[name]) return fields[name];
  const esc = CSS.escape(name);
  return scope.querySelector(`[data-field~="${esc}"]`) || scope.querySelector(`[name="${esc}"]`);
}

const marked = new WeakMap(); // scope -> [{control, target, message, off}]

/** Removes the marks of earlier errors in `scope`. */
export function clearProblems(scope) {
  if (!scope) return;
  for (const mark of marked.get(scope) || []) unmark(mark);
  marked.delete(scope);
}

function unmark({ control, target, message, off }) {
  off();
  message.remove();
  for (const el of new Set([control, target])) {
    el.removeAttribute('aria-invalid');
    const rest = (el.getAttribute('aria-describedby') || '').split(' ').filter((id) => id && id !== message.id);
    if (rest.length) el.setAttribute('aria-describedby', rest.join(' ')); else el.removeAttribute('aria-describedby');
  }
  control.classList.remove('invalid');
}

/**
 * Shows `err` at its field inside `scope` and returns true; false when it names no field that is
 * there (the caller then shows it as a whole-form message). `fields` maps names to controls the
 * markup cannot name.
 */
export function placeProblem(scope, err, fields = {}) {
  const name = fieldOf(err);
  const control = name && scope ? controlFor(scope, name, fields) : null;
  // a field out of sight (a mode not chosen, a picker put aside by a token type) would hide the message
  if (!control || !control.getClientRects().length) return false;
  clearProblems(scope);
  // a group (a fieldset of checkboxes, a widget) is described as a whole; its first control takes focus
  const target = control.matches(FOCUSABLE) ? control
    : (control.querySelector(`[name]:is(${FOCUSABLE})`) || control.querySelector(FOCUSABLE) || control);
  const message = h('small', { class: 'field-error', id: uid('err'), dataset: { field: name } }, err.message);
  // next to the control; in a long group (a permission picker) right under its legend, not far below
  const legend = control.matches('fieldset') ? control.querySelector(':scope > legend') : null;
  if (legend) legend.after(message);
  else (control.matches(FOCUSABLE) ? (control.closest('.field, fieldset') || control.parentElement) : control).append(message);
  for (const el of new Set([control, target])) {
    if (el.matches(FOCUSABLE)) el.setAttribute('aria-invalid', 'true');
    const described = (el.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
    el.setAttribute('aria-describedby', [...described, message.id].join(' '));
  }
  control.classList.add('invalid');
  // corrected: the first change of the field takes the mark away
  const mark = { control, target, message, off: () => {} };
  const onChange = () => {
    unmark(mark);
    marked.set(scope, (marked.get(scope) || []).filter((m) => m !== mark));
  };
  control.addEventListener('input', onChange);
  control.addEventListener('change', onChange);
  mark.off = () => { control.removeEventListener('input', onChange); control.removeEventListener('change', onChange); };
  marked.set(scope, [...(marked.get(scope) || []), mark]);
  target.scrollIntoView({ block: 'center' });
  target.focus({ preventScroll: true });
  return true;
}

/** The form, dialog or card an alert box belongs to: where its errors' fields are. */
export function scopeOf(box) {
  return box.closest('form, dialog, .card');
}
