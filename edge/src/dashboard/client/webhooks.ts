// Browser code: the Webhooks view. Recipes are inbound hooks (a signed POST starts the saved
// job); subscriptions are outbound webhooks with their delivery log. Event names come from the
// API's own description (/openapi.json), so the list follows the server.
export const WEBHOOKS_JS = String.raw`
async function webhookEvents() {
  try {
    const doc = await cached('openapi', () => fetch('/openapi.json').then((r) => r.json()));
    const items = doc.paths['/v1/webhooks'].post.requestBody.content['application/json'].schema.properties.events.items;
    const list = items.enum || (items.anyOf || []).flatMap((x) => x.enum || (x.const ? [x.const] : []));
    if (list.length) return list.filter((x) => x === '*').concat(list.filter((x) => x !== '*'));
  } catch (e) { /* fall through */ }
  return ['*'];
}

function viewWebhooks(main, ctx) {
  const hooksSlot = h('div');
  const hookDetail = h('div');
  const subsSlot = h('div');
  const subDetail = h('div');
  main.append(pageHead('Webhooks', 'Recipes turn signed inbound webhooks into fine-tuning jobs; subscriptions send signed events to your URLs.'),
    h('div', { class: 'grid two' },
      h('div', null, card('Recipes (inbound hooks)', [recipeForm(), hooksSlot], { testid: 'hooks-card' }), hookDetail),
      h('div', null, card('Subscriptions (outbound)', [subscriptionForm(), subsSlot], { testid: 'subscriptions-card' }), subDetail)));

  function recipeForm() {
    const name = h('input', { type: 'text', required: true, placeholder: 'nightly-retrain', pattern: '[a-z0-9][a-z0-9._\\-]{0,63}' });
    const recipe = h('textarea', { class: 'mono', rows: 7 });
    const out = h('div');
    Promise.all([loadModels(), loadDatasets()]).then(([models, datasets]) => {
      const base = models.find((m) => m.kind === 'base');
      recipe.value = JSON.stringify({ model: base ? base.id : 'model-id', training_file: datasets[0] ? datasets[0].id : 'ds_…', method: { type: 'lora', config: { r: 8 } }, hyperparameters: { steps: 100 }, suffix: 'from-hook' }, null, 2);
    }).catch(() => { recipe.value = '{}'; });
    return h('form', { class: 'stack', 'aria-label': 'New recipe', onsubmit: async (e) => {
      e.preventDefault();
      clear(out);
      try {
        const hook = await api('/v1/hooks', { json: { name: name.value.trim(), recipe: JSON.parse(recipe.value) } });
        out.append(secretBox('Signing secret', hook.secret),
          h('p', { class: 'small muted' }, 'POST ', h('code', { text: location.origin + hook.url }), ' with edgetune-timestamp, edgetune-delivery and edgetune-signature: v1=HMAC-SHA256(secret, timestamp + "." + body). A body of {"overrides": {...}} changes the recipe for that delivery.'));
        name.value = '';
        renderHooks();
      } catch (err) { out.append(notice(err instanceof SyntaxError ? 'The recipe is not valid JSON: ' + err.message : errorText(err), 'error')); }
    } }, field('Name', name), field('Recipe: the job each delivery starts (POST /v1/fine_tuning/jobs body)', recipe, null, { wide: true }), h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary' }, 'Save recipe')), out);
  }

  function subscriptionForm() {
    const url = h('input', { type: 'url', required: true, placeholder: 'https://example.com/edgetune' });
    const box = h('div', { class: 'checklist', role: 'group', 'aria-label': 'Events' });
    const out = h('div');
    webhookEvents().then((events) => {
      for (const ev of events) {
        const id = nextId('ev');
        box.append(h('label', { for: id }, h('input', { type: 'checkbox', id, value: ev, checked: ev === '*' }), ev === '*' ? '* (every event)' : ev));
      }
    });
    return h('form', { class: 'stack', 'aria-label': 'New subscription', onsubmit: async (e) => {
      e.preventDefault();
      clear(out);
      const events = [...box.querySelectorAll('input:checked')].map((i) => i.value);
      try {
        const w = await api('/v1/webhooks', { json: { url: url.value.trim(), events } });
        out.append(secretBox('Signing secret', w.secret));
        url.value = '';
        renderSubs();
      } catch (err) { out.append(notice(errorText(err), 'error')); }
    } }, field('Endpoint URL', url), h('div', { class: 'field' }, h('span', { class: 'field-label' }, 'Events'), box), h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary' }, 'Subscribe')), out);
  }

  async function renderHooks() {
    let hooks;
    try { hooks = (await api('/v1/hooks', { signal: ctx.signal })).data; } catch (e) { clear(hooksSlot).append(notice(errorText(e), 'error')); return; }
    clear(hooksSlot).append(h('h3', { class: 'spaced', text: 'Saved recipes' }), table([
      { label: 'Name', cell: (x) => x.name },
      { label: 'Trains', cell: (x) => x.recipe.method.type + ' on ' + x.recipe.model },
      { label: 'Created', cell: (x) => fmtTime(x.created_at) },
      { label: '', cell: (x) => h('div', { class: 'row' }, button('Deliveries', () => showHook(x.id), 'small'),
        dangerButton('Delete', 'Confirm', async () => { await api('/v1/hooks/' + x.id, { method: 'DELETE' }); clear(hookDetail); renderHooks(); }, { 'aria-label': 'Delete recipe ' + x.name })) },
    ], hooks, { testid: 'hooks-table', empty: 'No recipes yet.' }));
  }
  async function showHook(id) {
    try {
      const x = await api('/v1/hooks/' + id);
      clear(hookDetail).append(card('Received deliveries · ' + x.name, [
        h('p', { class: 'small muted' }, 'Endpoint: ', h('code', { text: location.origin + x.url })),
        table([
          { label: 'Delivery', cell: (d) => h('code', { text: d.delivery_id }) },
          { label: 'Job', cell: (d) => h('a', { href: '#/jobs/' + d.job_id }, h('code', { text: d.job_id })) },
          { label: 'Received', cell: (d) => fmtTime(d.received_at) },
        ], x.deliveries, { empty: 'Nothing received yet.' })]));
    } catch (e) { toast(errorText(e), 'error'); }
  }

  async function renderSubs() {
    let subs;
    try { subs = (await api('/v1/webhooks', { signal: ctx.signal })).data; } catch (e) {
      clear(subsSlot).append(notice(e.status === 403 ? 'Subscriptions need an admin key.' : errorText(e), e.status === 403 ? 'warn' : 'error'));
      return;
    }
    clear(subsSlot).append(h('h3', { class: 'spaced', text: 'Subscriptions' }), table([
      { label: 'URL', cell: (w) => h('code', { text: w.url }) },
      { label: 'Events', cell: (w) => w.events.map((e) => h('span', { class: 'chip', text: e })) },
      { label: '', cell: (w) => h('div', { class: 'row' }, button('Delivery log', () => showSub(w), 'small'),
        dangerButton('Delete', 'Confirm', async () => { await api('/v1/webhooks/' + w.id, { method: 'DELETE' }); clear(subDetail); renderSubs(); }, { 'aria-label': 'Delete subscription ' + w.url })) },
    ], subs, { testid: 'subscriptions-table', empty: 'No subscriptions yet.' }));
  }
  async function showSub(w) {
    try {
      const log = (await api('/v1/webhooks/' + w.id + '/deliveries?limit=50')).data;
      clear(subDetail).append(card('Delivery log', table([
        { label: 'Event', cell: (d) => d.event },
        { label: 'Status', cell: (d) => badge(d.status, d.status === 'delivered' ? 'ok' : d.status === 'failed' ? 'error' : 'queued') },
        { label: 'Attempts', num: true, cell: (d) => String(d.attempts) },
        { label: 'Last response', cell: (d) => (d.last_status_code ? 'HTTP ' + d.last_status_code : '') + (d.last_error ? ' ' + d.last_error : '') },
        { label: 'Created', cell: (d) => fmtTime(d.created_at) },
        { label: 'Delivered / next try', cell: (d) => (d.delivered_at ? fmtTime(d.delivered_at) : d.next_attempt_at ? 'next ' + fmtTime(d.next_attempt_at) : '') },
      ], log, { testid: 'deliveries-table', empty: 'No deliveries yet.' }), { sub: w.url }));
    } catch (e) { toast(errorText(e), 'error'); }
  }
  renderHooks();
  renderSubs();
}
`;
