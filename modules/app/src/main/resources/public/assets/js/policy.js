// The workspace token policy and the API's word on a token, in the token forms and lists: expiry
// choices the policy forbids are off (with the reason under the field), the scopes the person does
// not hold are off in a personal-token form (the ceiling rule), and a token refused at use shows
// the state the API gives it (`effectiveState`), never "active". Nothing is decided here: the
// policy, the held permissions and the state all come from the API.
import { get, enc } from './api.js';
import { h, uid } from './ui.js';

/** A workspace's token policy (members may read it); null when there is no workspace or it cannot be read. */
export async function policyOf(workspace) {
  if (!workspace) return null;
  try { return await get(`/api/workspaces/${enc(workspace)}/token-policy`); } catch (e) { return null; }
}

const PRESET_DAYS = { '7d': 7, '30d': 30, '60d': 60, '90d': 90 };
const DAY = 86400000;

/** Why some expiry choices are off under `policy`, as one sentence; null when none is. */
function policySentence(policy) {
  if (!policy) return null;
  if (policy.maxLifetimeDays) {
    return `This workspace’s token policy limits tokens to ${policy.maxLifetimeDays} days, so longer choices and “No expiry” are off.`;
  }
  if (policy.requireExpiry) return 'This workspace’s token policy requires every token to expire, so “No expiry” is off.';
  return null;
}

/**
 * Holds an expiryField (forms.js) to `policy` (null: no limits): presets beyond the maximum
 * lifetime and "No expiry" where an expiry is required are disabled, the custom date stops at the
 * last allowed day, a choice that became forbidden moves to the longest allowed one, and a sentence
 * under the field says why. Called again whenever the policy that binds the form changes.
 */
export function applyExpiryPolicy(expiry, policy) {
  const { preset, date } = expiry;
  const max = policy && policy.maxLifetimeDays ? policy.maxLifetimeDays : null;
  const needsExpiry = Boolean(max || (policy && policy.requireExpiry));
  let longestAllowed = null;
  for (const option of preset.options) {
    const days = PRESET_DAYS[option.value];
    const off = option.value === 'never' ? needsExpiry : (days !== undefined && max !== null && days > max);
    option.disabled = off;
    if (!off && days !== undefined && (!longestAllowed || days > PRESET_DAYS[longestAllowed])) longestAllowed = option.value;
  }
  // the last day whose end (the custom date means 23:59:59 UTC) is still within the maximum lifetime
  date.max = max ? new Date(Date.now() + max * DAY - (DAY - 1000)).toISOString().slice(0, 10) : '';
  if (preset.selectedOptions[0] && preset.selectedOptions[0].disabled) {
    preset.value = longestAllowed || 'custom';
    preset.dispatchEvent(new Event('change', { bubbles: true }));
  }
  let note = expiry.querySelector('.expiry-policy');
  const sentence = policySentence(policy);
  if (!note) {
    note = h('small', { class: 'hint expiry-policy', id: uid('expiry-policy') });
    expiry.append(note);
  }
  note.textContent = sentence || '';
  note.hidden = !sentence;
  const described = (preset.getAttribute('aria-describedby') || '').split(' ').filter((id) => id && id !== note.id);
  if (sentence) described.push(note.id);
  if (described.length) preset.setAttribute('aria-describedby', described.join(' ')); else preset.removeAttribute('aria-describedby');
}

/** The policy of `workspace`, applied to `expiry` (see applyExpiryPolicy). */
export async function constrainExpiry(expiry, workspace) {
  applyExpiryPolicy(expiry, await policyOf(workspace));
}

const STATE_WORDS = {
  active: ['active', null],
  expired: ['expired', null],
  revoked: ['revoked', null],
  policy_denied: ['refused by policy', 'The workspace’s token policy refuses this token now (for example a lifetime longer than it allows).'],
  subject_inactive: ['owner suspended', 'Its user is suspended or gone: every request with it is refused.'],
  pending_approval: ['awaiting approval', 'An owner of the workspace has not approved it yet: it is refused until then.'],
  approval_denied: ['approval denied', 'An owner of the workspace denied it: it is refused.'],
};

/** The token's state as the API gives it (effectiveState, else its lifecycle status), with the reason on hover. */
export function stateBadge(t) {
  const code = t.effectiveState || t.status || (t.revokedAt ? 'revoked' : 'active');
  const [words, why] = STATE_WORDS[code] || [code.replace(/_/g, ' '), null];
  const refused = !['active', 'expired', 'revoked'].includes(code);
  return h('span', { class: `badge badge-${refused ? 'refused' : code}`, 'data-status': code, title: why }, words);
}

/**
 * Disables, in a permission picker (forms.js), the permissions the person does not hold where the
 * token will act (GET /api/user/permissions), and says why above them: a token never does more than
 * its owner, so such a scope would do nothing. Unticks what it disables. `workspace` null: anywhere.
 */
export async function applyCeiling(picker, workspace) {
  let held;
  try {
    held = new Set((await get(`/api/user/permissions${workspace ? `?workspace=${enc(workspace)}` : ''}`)).permissions);
  } catch (e) { return; }
  let unheld = 0;
  picker.querySelectorAll('input[type=checkbox][value]').forEach((box) => {
    const off = !held.has(box.value);
    box.disabled = off;
    if (off) { box.checked = false; unheld += 1; }
    const row = box.closest('.check');
    let why = row.querySelector('.ceiling-why');
    if (off && !why) {
      why = h('span', { class: 'ceiling-why', id: uid('ceiling') }, 'You do not hold this');
      row.querySelector('label').append(why);
    } else if (!off && why) why.remove();
  });
  let note = picker.querySelector('.ceiling-note');
  if (!note) {
    note = h('p', { class: 'ceiling-note', id: uid('ceiling-note') });
    picker.querySelector('legend').after(note);
  }
  note.textContent = unheld ? `${unheld} scope(s) are off: you do not hold them ${workspace ? 'in this workspace' : 'anywhere'}. `
    + 'A token never does more than you may yourself (the ceiling rule), so it could not use them; '
    + 'ask an owner or admin for the role that carries them.' : '';
  note.hidden = !unheld;
  picker.dispatchEvent(new Event('change', { bubbles: true }));
}
