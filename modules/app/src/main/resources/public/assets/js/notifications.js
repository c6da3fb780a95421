// Notifications: a workspace's webhook endpoints (create, edit, test, rotate the secret, delete),
// each endpoint's deliveries with their attempts and a retry button, and the caller's own
// notification preferences. Everything goes through the API like any other client.
import { get, post, patch, put, del, enc } from './api.js';
import { h, field, alertBox, openDialog, confirmDialog, tokenDialog, toast, fmtDate, badge, table, td } from './ui.js';

// --- webhooks (a workspace tab, for those who may manage the workspace) ---------------------
export async function webhooksTab(host, ws) {
  const alert = alertBox();
  const base = `/api/workspaces/${enc(ws.id)}/webhooks`;
  const list = await get(base);
  const reload = () => webhooksTab(host, ws);
  const rows = list.items.map((w) => h('tr', { dataset: { webhookId: w.id } },
    td('URL', h('code', {}, w.url)), td('Events', w.events.join(', ')),
    td('State', badge(w.enabled ? 'enabled' : 'disabled')), td('Created', fmtDate(w.createdAt, false)),
    td('Actions', h('div', { class: 'row-actions' },
      h('button', { type: 'button', class: 'small webhook-deliveries', onclick: () => deliveriesDialog(base, w) }, 'Deliveries'),
      h('button', { type: 'button', class: 'small webhook-test', onclick: async () => {
        try { await post(`${base}/${enc(w.id)}/test`); toast('Test event queued.'); } catch (err) { alert.show(err); }
      } }, 'Send test event'),
      h('button', { type: 'button', class: 'small webhook-toggle', onclick: async () => {
        try {
          await patch(`${base}/${enc(w.id)}`, { enabled: !w.enabled });
          toast(w.enabled ? 'Endpoint disabled.' : 'Endpoint enabled.'); reload();
        } catch (err) { alert.show(err); }
      } }, w.enabled ? 'Disable' : 'Enable'),
      h('button', { type: 'button', class: 'small webhook-rotate', onclick: async () => {
        if (!await confirmDialog('Rotate secret', 'Make a new signing secret? The old one keeps signing beside it for 24 hours.', 'Rotate', false)) return;
        try {
          const rotated = await post(`${base}/${enc(w.id)}/rotate-secret`);
          tokenDialog('New signing secret', { token: rotated.secret, name: 'webhook-secret' });
        } catch (err) { alert.show(err); }
      } }, 'Rotate secret'),
      h('button', { type: 'button', class: 'small danger webhook-delete', onclick: async () => {
        if (!await confirmDialog('Delete endpoint', `Delete the endpoint ${w.url} and its deliveries?`, 'Delete')) return;
        try { await del(`${base}/${enc(w.id)}`); toast('Endpoint deleted.'); reload(); } catch (err) { alert.show(err); }
      } }, 'Delete')))));

  const url = h('input', { type: 'url', id: 'webhook-url', name: 'url', required: true, maxlength: 2000, placeholder: 'https://hooks.example.com/latchkey' });
  const description = h('input', { type: 'text', id: 'webhook-description', name: 'description', maxlength: 200 });
  const boxes = list.events.map((e) => h('input', { type: 'checkbox', id: `webhook-event-${e.replace(/\W/g, '-')}`, value: e }));
  const formAlert = alertBox();
  const form = h('form', { class: 'card', id: 'webhook-form', onsubmit: async (ev) => {
    ev.preventDefault(); formAlert.clear();
    try {
      const created = await post(base, { url: url.value.trim(), description: description.value.trim() || null,
        events: boxes.filter((b) => b.checked).map((b) => b.value) });
      tokenDialog('Signing secret', { token: created.secret, name: 'webhook-secret' });
      reload();
    } catch (err) { formAlert.show(err); }
  } }, h('h3', {}, 'New endpoint'), formAlert,
  h('div', { class: 'grid2' }, field('URL', url, 'Where Latchkey POSTs events, signed per Standard Webhooks.'),
    field('Description', description)),
  h('fieldset', { id: 'webhook-events', dataset: { field: 'events' } }, h('legend', {}, 'Events'),
    boxes.map((b) => h('div', { class: 'check' }, b, h('label', { for: b.id }, b.value)))),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'webhook-submit' }, 'Add endpoint')));

  host.replaceChildren(h('h2', {}, 'Webhooks'),
    h('p', { class: 'muted' }, 'Each message carries webhook-id, webhook-timestamp and webhook-signature headers; see docs/notifications.md to verify them.'),
    alert, table('Webhook endpoints', ['URL', 'Events', 'State', 'Created', 'Actions'], rows, 'No webhook endpoints yet.', { id: 'webhook-table' }),
    form);
}

async function deliveriesDialog(base, w) {
  const alert = alertBox();
  const host = h('div', { id: 'delivery-list' });
  const path = `${base}/${enc(w.id)}/deliveries`;
  async function load() {
    try {
      const { items } = await get(path);
      host.replaceChildren(table('Deliveries', ['Event', 'State', 'Attempts', 'Last status', 'Created', 'Actions'],
        items.map((d) => h('tr', { dataset: { deliveryId: d.id } },
          td('Event', d.eventType), td('State', badge(d.state)), td('Attempts', String(d.attempts)),
          td('Last status', d.lastStatus != null ? String(d.lastStatus) : (d.lastError || '—')),
          td('Created', fmtDate(d.createdAt)),
          td('Actions', h('div', { class: 'row-actions' },
            h('button', { type: 'button', class: 'small show-attempts', onclick: async () => {
              try {
                const detail = await get(`${path}/${enc(d.id)}`);
                alert.clear();
                host.append(h('div', { class: 'card attempt-log', dataset: { deliveryId: d.id } },
                  h('h3', {}, `Attempts of ${d.messageId}`),
                  h('ol', {}, detail.attemptLog.map((a) => h('li', {},
                    `${fmtDate(a.attemptedAt)}: ${a.statusCode != null ? `HTTP ${a.statusCode}` : a.error} (${a.durationMs} ms)`)))));
              } catch (err) { alert.show(err); }
            } }, 'Attempts'),
            h('button', { type: 'button', class: 'small retry-delivery', onclick: async () => {
              try { await post(`${path}/${enc(d.id)}/retry`); toast('Delivery queued again.'); load(); } catch (err) { alert.show(err); }
            } }, 'Retry'))))),
        'No deliveries yet.', { id: 'delivery-table' }));
    } catch (err) { alert.show(err); }
  }
  await load();
  openDialog({ title: `Deliveries to ${w.url}`, id: 'deliveries-dialog', content: [alert, host],
    actions: [{ label: 'Refresh', id: 'deliveries-refresh', onclick: () => load() }, { label: 'Close', close: true }] });
}

// --- the caller's notification preferences ---------------------------------------------------
export async function notificationsPage({ render }) {
  const alert = alertBox();
  const prefs = await get('/api/user/notification-preferences');
  const expiry = h('input', { type: 'checkbox', id: 'pref-expiry-emails', checked: prefs.expiryEmails });
  const form = h('form', { class: 'card', id: 'preferences-form', onsubmit: async (e) => {
    e.preventDefault(); alert.clear();
    try {
      await put('/api/user/notification-preferences', { expiryEmails: expiry.checked });
      toast('Preferences saved.');
    } catch (err) { alert.show(err); }
  } }, alert,
  h('div', { class: 'check' }, expiry, h('label', { for: expiry.id },
    `E-mail me before my tokens (and, as an owner, the workspace's tokens) expire: ${prefs.expiryThresholds.join(', ')} days before`)),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'preferences-submit' }, 'Save')));
  render('Notifications', h('h1', {}, 'Notifications'), form);
}
