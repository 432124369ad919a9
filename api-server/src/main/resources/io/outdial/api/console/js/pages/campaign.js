// One campaign: its status and who changed it, the operator actions (start, pause, stop, and
// force stop after a confirmation), live counts and pace, a chart of calls in flight and
// results per minute, the latest results as they are recorded, its problem when it has one,
// and links into the Temporal UI. Everything live comes from GET /v1/events?campaign=<id>.
import { get, post } from '../api.js';
import { h, add, replace, errorBox, externalLink, when, percent } from '../dom.js';
import { canWrite } from '../session.js';
import { EventStream } from '../sse.js';
import { LiveChart } from '../chart.js';
import { progressBar, answerRate, eta, perMinute, nextWindow } from '../pace.js';
import { resultHead, resultRow } from '../result-rows.js';

const REREAD_MS = 5000;
// With no event for this long while the campaign should be dialing, read it again: a
// campaign that is stuck (its problem) sends no event.
const QUIET_MS = 15000;
const LATEST = 100;
const COUNTS = [
  ['inFlight', 'In flight'],
  ['dialed', 'Results'],
  ['answered', 'Answered'],
  ['busy', 'Busy'],
  ['noAnswer', 'No answer'],
  ['congestion', 'Congestion'],
  ['failed', 'Failed'],
  ['remaining', 'Entries left'],
  ['heldBack.doNotCall', 'Held back: do-not-call'],
];

// A count by its path in the counts (heldBack.doNotCall); 0 when a server does not send it.
function countAt(n, path) {
  const v = path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), n);
  return v == null ? 0 : v;
}

export function render(view, ctx) {
  const id = ctx.params[0];
  let campaign = null;
  let readAt = 0;
  let lastEventAt = Date.now();
  let rate = null; // the results-per-minute estimate, seeded by the first read

  const title = h('h1', { id: 'campaign-name' }, 'Campaign');
  const statusLine = h('div', { id: 'campaign-status-line' });
  const problem = h('div', { id: 'campaign-problem' });
  const actionResult = h('div', { id: 'action-result', role: 'status' });
  const counts = h('div', { class: 'counts', id: 'campaign-counts' });
  const progress = h('div', { id: 'campaign-progress' });
  const pace = h('dl', { class: 'kv', id: 'campaign-pace' });
  const links = h('div', { id: 'campaign-links' });
  const canvas = h('canvas', { id: 'chart', role: 'img' });
  const latest = h('tbody', { id: 'latest-results' });
  const statusLog = h('ul', { id: 'status-log' });
  const error = h('div', { id: 'campaign-error' });

  add(
    view,
    h('p', {}, h('a', { href: '#/campaigns' }, '← Campaigns')),
    title,
    error,
    statusLine,
    problem,
    canWrite() ? controls(id, actionResult) : h('p', { class: 'muted', id: 'viewer-note' }, 'Viewers see campaigns; a supervisor starts and stops them.'),
    actionResult,
    h('section', { class: 'panel' }, counts, progress, pace, links),
    h('section', { class: 'panel' }, h('h2', {}, 'Calls in flight and results per minute'), canvas),
    h('section', { class: 'panel' }, h('h2', {}, 'Status changes seen here'), statusLog),
    h('section', { class: 'panel' }, h('h2', {}, 'Latest results'), h('table', { id: 'latest-table' }, resultHead(), latest))
  );

  const chart = new LiveChart(canvas, [
    { name: 'calls in flight', color: '#1d5fbf' },
    { name: 'results per minute', color: '#d9480f' },
  ]);

  function showCampaign(c) {
    campaign = c;
    readAt = Date.now();
    replace(title, c.name);
    replace(
      statusLine,
      h('span', { class: 'badge', id: 'campaign-status', 'data-status': c.statusName }, c.statusName),
      ' ',
      h('span', { class: 'muted' }, `(${c.status})`),
      c.statusReason ? [' — ', h('span', { id: 'campaign-reason' }, c.statusReason)] : null
    );
    replace(problem);
    if (c.problem) {
      const p = c.problem;
      problem.append(
        h(
          'div',
          { class: 'problem', id: 'problem-box' },
          h('b', {}, 'Not progressing: '),
          p.message,
          h('div', {}, p.activity ? `activity ${p.activity}, ` : 'workflow task, ', `tried ${p.attempt} times`),
          p.lastError ? h('pre', {}, p.lastError) : null,
          externalLink(p.temporalUiUrl, 'see it in the Temporal UI')
        )
      );
    }
    replace(
      links,
      h('p', {},
        'Workflow ',
        externalLink(c.temporalUiUrl, c.workflowId, { id: 'temporal-link' }),
        ' · ',
        h('a', { href: `#/results?campaign=${c.id}`, id: 'results-link' }, 'all results')
      )
    );
    showCounts(c.counts);
  }

  // The count elements stay and only their text changes, so what reads them keeps its hold.
  const countCells = new Map(COUNTS.map(([k]) => [k, h('b', { id: `count-${k.replace('.', '-')}` })]));
  replace(counts, COUNTS.map(([k, label]) => h('div', {}, label, countCells.get(k))));

  function showCounts(n) {
    for (const [k, cell] of countCells) cell.textContent = String(countAt(n, k));
    replace(progress, progressBar(n, 'campaign-progress-bar'));
    const p = campaign.pace;
    replace(
      pace,
      h('dt', {}, 'Calls per minute'), h('dd', { id: 'pace-rate' }, perMinute(p)),
      h('dt', {}, 'Answer rate'), h('dd', { id: 'pace-answer-rate' }, percent(answerRate(n))),
      h('dt', {}, 'Estimated finish'), h('dd', { id: 'pace-eta' }, eta(p)),
      h('dt', {}, 'Started'), h('dd', {}, p && p.startedAt ? when(p.startedAt) : '–'),
      h('dt', {}, 'Calling window'), h('dd', { id: 'pace-window' }, nextWindow(campaign))
    );
  }

  // Results per minute at each counts event: the results of the trailing minute, from the
  // dialed counts this page has seen; for the page's first minute, the first read's
  // resultsLastMinute stands for the part of that minute before the page opened.
  function sample(n) {
    const now = Date.now();
    if (rate === null) {
      rate = { openedAt: now, seed: campaign.pace ? campaign.pace.resultsLastMinute : 0, seedDialed: n.dialed, seen: [] };
    }
    rate.seen.push({ t: now, dialed: n.dialed });
    while (rate.seen.length > 1 && rate.seen[0].t < now - 60000) rate.seen.shift();
    let perMin;
    if (now - rate.openedAt >= 60000) {
      perMin = n.dialed - rate.seen[0].dialed;
    } else {
      perMin = rate.seed * (1 - (now - rate.openedAt) / 60000) + (n.dialed - rate.seedDialed);
    }
    chart.add(now, [n.inFlight, Math.max(0, Math.round(perMin))]);
  }

  async function read() {
    try {
      showCampaign(await get(`/v1/campaigns/${id}`));
      replace(error);
    } catch (e) {
      replace(error, errorBox(e));
    }
  }

  const stream = new EventStream(`/v1/events?campaign=${id}`, {
    onOpen: async () => {
      await read();
      if (campaign) sample(campaign.counts);
    },
    onState: ctx.setLive,
    onEvent(name, data) {
      lastEventAt = Date.now();
      if (!campaign) return;
      if (name === 'counts') {
        campaign = { ...campaign, counts: data.counts };
        showCounts(data.counts);
        sample(data.counts);
        if (Date.now() - readAt > REREAD_MS) read();
      } else if (name === 'status') {
        statusLog.prepend(h('li', { 'data-status': data.statusName }, `${when(data.at)} ${data.statusName}`, data.reason ? ` — ${data.reason}` : ''));
        showCampaign({ ...campaign, status: data.status, statusName: data.statusName, statusReason: data.reason });
        read();
      } else if (name === 'result' && data.result) {
        latest.prepend(resultRow(data.result));
        while (latest.children.length > LATEST) latest.lastChild.remove();
      }
    },
  }).start();

  const quiet = setInterval(() => {
    if (campaign && campaign.statusName !== 'STOP' && campaign.statusName !== 'PAUSE' && Date.now() - lastEventAt > QUIET_MS) {
      lastEventAt = Date.now();
      read();
    }
  }, 5000);

  return () => {
    stream.close();
    clearInterval(quiet);
  };
}

function controls(id, result) {
  const reason = h('input', { id: 'action-reason', placeholder: 'reason (optional, kept in the history)', size: 36 });
  async function act(verb) {
    replace(result);
    const body = reason.value.trim() ? { reason: reason.value.trim() } : undefined;
    try {
      const r = await post(`/v1/campaigns/${id}/${verb}`, body);
      replace(result, h('div', { class: 'notice' }, `${verb}: moving to ${r.statusName}`, r.message ? ` — ${r.message}` : ''));
    } catch (e) {
      replace(result, errorBox(e));
    }
  }
  const dialog = h(
    'dialog',
    { id: 'force-stop-dialog' },
    h('p', {}, 'Force stop hangs up every call of this campaign that is in flight now. Go on?'),
    h(
      'div',
      { class: 'controls' },
      h('button', { type: 'button', id: 'force-stop-cancel', onclick: () => dialog.close() }, 'Cancel'),
      h('button', { type: 'button', id: 'force-stop-confirm', class: 'danger', onclick: () => { dialog.close(); act('force-stop'); } }, 'Hang up and stop')
    )
  );
  return h(
    'div',
    { class: 'controls', id: 'campaign-controls' },
    h('button', { type: 'button', id: 'action-start', class: 'primary', onclick: () => act('start') }, 'Start'),
    h('button', { type: 'button', id: 'action-pause', onclick: () => act('pause') }, 'Pause'),
    h('button', { type: 'button', id: 'action-stop', onclick: () => act('stop') }, 'Stop'),
    h('button', { type: 'button', id: 'action-force-stop', class: 'danger', onclick: () => dialog.showModal() }, 'Force stop…'),
    reason,
    dialog
  );
}
