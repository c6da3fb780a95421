// Revoking several tokens at once (POST {base}/revoke), shared by the three token lists: personal,
// workspace and a service user's. The list builds its table as before; this adds a checkbox column
// to it (revoked rows cannot be picked), a "Revoke selected (n)" button, a confirmation, and the
// call, whose password confirmation api.js asks for. The server decides; its refusal is shown.
import { post } from './api.js';
import { h, confirmDialog, toast } from './ui.js';

/**
 * Positional arguments, so DashboardReachesTheApiTest follows base into the call. Returns
 * { button, attach(tableHost, tokens) }: attach after each (re)render of the list.
 * prefix names the ids ({prefix}-bulk-revoke, {prefix}-select-all) and the row boxes ({prefix}-select).
 */
export function bulkRevoke(prefix, base, alert, done) {
  let host = null;
  const boxes = () => (host ? [...host.querySelectorAll(`.${prefix}-select:checked`)] : []);
  const button = h('button', { type: 'button', class: 'danger', id: `${prefix}-bulk-revoke`, disabled: true,
    onclick: () => revokeSelected() }, 'Revoke selected');
  const update = () => {
    const n = boxes().length;
    button.disabled = n === 0;
    button.textContent = n ? `Revoke selected (${n})` : 'Revoke selected';
  };

  async function revokeSelected() {
    const ids = boxes().map((b) => b.value);
    if (!ids.length) return;
    if (!await confirmDialog('Revoke tokens', `Revoke ${ids.length} token(s)? Anything using them stops working at once.`, 'Revoke')) return;
    try {
      const result = await post(`${base}/revoke`, { ids });
      toast(`${result.revoked.length} token(s) revoked.`);
      await done();
    } catch (err) { alert.show(err); }
  }

  function attach(tableHost, tokens) {
    host = tableHost;
    const table = tableHost.querySelector('table');
    if (table) {
      const revoked = new Set(tokens.filter((t) => t.status === 'revoked').map((t) => t.id));
      const all = h('input', { type: 'checkbox', id: `${prefix}-select-all`, 'aria-label': 'Select all active tokens' });
      all.addEventListener('change', () => {
        table.querySelectorAll(`.${prefix}-select:not(:disabled)`).forEach((b) => { b.checked = all.checked; });
        update();
      });
      table.querySelector('thead tr').prepend(h('th', { scope: 'col' }, all));
      table.querySelectorAll('tbody tr[data-token-id]').forEach((tr) => {
        const id = tr.dataset.tokenId;
        const name = tr.dataset.tokenName || tr.querySelector('strong')?.textContent || 'token';
        const box = h('input', { type: 'checkbox', class: `${prefix}-select`, value: id, disabled: revoked.has(id),
          'aria-label': `Select ${name}` });
        box.addEventListener('change', update);
        tr.prepend(h('td', { 'data-label': 'Select' }, box));
      });
    }
    update();
  }
  return { button, attach };
}
