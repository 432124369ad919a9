// The campaign list: status by name, live counts and progress, pace, ETA and calling window,
// kept current by GET /v1/events (no polling), and the form that creates a campaign.
import { get, post } from '../api.js';
import { h, replace, errorBox, percent } from '../dom.js';
import { makeForm } from '../forms.js';
import { canWrite } from '../session.js';
import { EventStream } from '../sse.js';
import { progressBar, answerRate, eta, perMinute, nextWindow } from '../pace.js';

// A campaign's pace (results of the last minute, ETA) is the server's: read again after its
// counts change, at most this often.
const REREAD_MS = 5000;

export function render(view, ctx) {
  const tbody = h('tbody', { id: 'campaign-rows' });
  const status = h('div', { id: 'campaigns-status' });
  const campaigns = new Map(); // id -> {campaign, row, readAt, reading}
  view.append(
    h('h1', {}, 'Campaigns'),
    status,
    h(
      'table',
      { id: 'campaign-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Name', 'Status', 'In flight', 'Results', 'Answered', 'Entries left', 'Progress', 'Calls/min', 'Answer rate', 'ETA', 'Calling window'].map(
            (t) => h('th', {}, t)
          )
        )
      ),
      tbody
    )
  );

  function rowOf(c) {
    const n = c.counts;
    return h(
      'tr',
      { id: `campaign-row-${c.id}`, 'data-status': c.statusName },
      h('td', {}, h('a', { href: `#/campaigns/${c.id}` }, c.name)),
      h('td', { class: 'status' }, c.statusName),
      h('td', { class: 'num', 'data-count': 'inFlight' }, n.inFlight),
      h('td', { class: 'num', 'data-count': 'dialed' }, n.dialed),
      h('td', { class: 'num', 'data-count': 'answered' }, n.answered),
      h('td', { class: 'num', 'data-count': 'remaining' }, n.remaining),
      h('td', {}, progressBar(n)),
      h('td', { class: 'num' }, perMinute(c.pace)),
      h('td', { class: 'num answer-rate' }, percent(answerRate(n))),
      h('td', {}, eta(c.pace)),
      h('td', {}, nextWindow(c))
    );
  }

  // Shows c in its row; fresh says it is a read of the server's, not counts laid over one.
  function show(c, fresh = true) {
    const known = campaigns.get(c.id);
    const row = rowOf(c);
    if (known) known.row.replaceWith(row);
    else tbody.append(row);
    replace(status);
    const readAt = fresh || !known ? Date.now() : known.readAt;
    campaigns.set(c.id, { ...(known || {}), campaign: c, row, readAt });
  }

  async function reread(id) {
    const k = campaigns.get(id);
    if (!k || k.reading) return;
    k.reading = true;
    try {
      show(await get(`/v1/campaigns/${id}`));
    } catch (e) {
      // The row keeps what it showed; the next change reads it again.
    } finally {
      const again = campaigns.get(id);
      if (again) again.reading = false;
    }
  }

  async function load() {
    try {
      const page = await get('/v1/campaigns?limit=1000');
      for (const c of page.items) show(c);
      if (page.items.length === 0) replace(status, h('p', { class: 'muted' }, 'No campaigns yet.'));
    } catch (e) {
      replace(status, errorBox(e));
    }
  }

  const stream = new EventStream('/v1/events', {
    onOpen: load,
    onState: ctx.setLive,
    onEvent(name, data) {
      const k = campaigns.get(data.campaign);
      if (!k) {
        if (name === 'status') reread0(data.campaign);
        return;
      }
      if (name === 'counts') {
        show({ ...k.campaign, counts: data.counts }, false);
        if (Date.now() - k.readAt > REREAD_MS) reread(data.campaign);
      } else if (name === 'status') {
        show({ ...k.campaign, status: data.status, statusName: data.statusName, statusReason: data.reason }, false);
        reread(data.campaign);
      }
    },
  }).start();

  // A campaign created since the list was read (by someone else) appears with its first status.
  async function reread0(id) {
    try {
      show(await get(`/v1/campaigns/${id}`));
    } catch (e) {
      // deleted meanwhile, or not readable: nothing to show
    }
  }

  if (canWrite()) view.append(createForm((c) => show(c)));
  return () => stream.close();
}

function createForm(onCreated) {
  const section = h('section', { class: 'panel' }, h('h2', {}, 'New campaign'));
  (async () => {
    try {
      const [plans, destinations, dlmas] = await Promise.all([
        get('/v1/plans?limit=1000'),
        get('/v1/destinations?limit=1000'),
        get('/v1/dlmas?limit=1000'),
      ]);
      const choices = (page) => [['', '(choose)'], ...page.items.map((x) => [x.id, x.name])];
      section.append(
        makeForm({
          id: 'campaign-form',
          fields: [
            { name: 'name', label: 'Name', required: true },
            { name: 'detail', label: 'Detail' },
            { name: 'plan', label: 'Plan', kind: 'select', options: choices(plans), required: true },
            { name: 'destination', label: 'Destination', kind: 'select', options: choices(destinations), required: true },
            { name: 'dlma', label: 'Dial list', kind: 'select', options: choices(dlmas), required: true },
            { name: 'schedule.mode', label: 'Scheduling', kind: 'select', options: [['', 'off (default)'], ['OFF', 'off'], ['ON', 'on']] },
            { name: 'schedule.timeStart', label: 'Window start', placeholder: '09:00:00' },
            { name: 'schedule.timeEnd', label: 'Window end', placeholder: '17:00:00' },
            { name: 'schedule.dayList', label: 'Weekdays', placeholder: '1,2,3,4,5', hint: '0 Sunday … 6 Saturday' },
            { name: 'schedule.timezone', label: 'Time zone', placeholder: 'Europe/Paris' },
          ],
          submitLabel: 'Create campaign',
          onSubmit: async (body) => {
            const c = await post('/v1/campaigns', body);
            onCreated(c);
            return c;
          },
        })
      );
    } catch (e) {
      section.append(errorBox(e));
    }
  })();
  return section;
}
