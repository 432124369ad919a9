// What the campaign list and a campaign's page show of how a campaign is going, from a
// campaign read (counts, pace, nextWindows) and the counts events that follow it.
import { h, when, percent } from './dom.js';

// Results over results + calls in flight + entries left: 100 % when nothing is left to dial.
// (An entry may take several tries, so this is how far along it is now, not a promise.)
export function progress(counts) {
  const total = counts.dialed + counts.inFlight + counts.remaining;
  return total === 0 ? 0 : counts.dialed / total;
}

export function progressBar(counts, id) {
  const p = progress(counts);
  return h(
    'div',
    { class: 'progress', id, role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': Math.round(p * 100), title: percent(p) },
    h('div', { style: { width: `${(p * 100).toFixed(1)}%` } })
  );
}

// The answer rate from the counts (the read's pace.answerRate is the same ratio).
export function answerRate(counts) {
  return counts.dialed === 0 ? null : counts.answered / counts.dialed;
}

export function eta(pace) {
  return pace && pace.estimatedFinishAt ? when(pace.estimatedFinishAt) : '–';
}

export function perMinute(pace) {
  return pace ? String(pace.resultsLastMinute) : '–';
}

// The calling window open now (until when), or the next one, or none with scheduling off.
export function nextWindow(campaign, now = Date.now()) {
  if (campaign.scheduling === 'off') return 'no windows (scheduling off)';
  if (campaign.scheduling === 'invalid') return 'schedule invalid';
  for (const w of campaign.nextWindows || []) {
    const opens = w.opensAt ? Date.parse(w.opensAt) : -Infinity;
    const closes = w.closesAt ? Date.parse(w.closesAt) : Infinity;
    if (closes <= now) continue;
    if (opens <= now) return w.closesAt ? `open until ${when(w.closesAt)}` : 'open';
    return `opens ${when(w.opensAt)}`;
  }
  return 'none ahead';
}
