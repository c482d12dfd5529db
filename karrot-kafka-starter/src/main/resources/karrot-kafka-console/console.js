// The console's frame: tabs, what the caller may change, the samples behind the charts, and the refresh of the view.
import { get, mayWrite } from './api.js';
import { message, remember } from './ui.js';
import outbox from './outbox.js';
import deadletters from './deadletters.js';
import lag from './lag.js';
import topics from './topics.js';
import schemas from './schemas.js';
import streams from './streams.js';

const VIEWS = { outbox, deadletters, lag, topics, schemas, streams };
const params = new URLSearchParams(location.search);
const REFRESH_MS = Math.max(1, Number(params.get('refresh')) || 5) * 1000;

/** What every view shares: write access, the samples taken since the page opened, and the refresh of the view. */
const context = {
  write: { outbox: false, deadletters: false, schemas: false },
  samples: { latency: [], lag: new Map() },
  lastLatency: null,
  lastLagTime: null,
  refreshers: [],
  onRefresh(fn) { this.refreshers.push(fn); },
};

async function probeAccess() {
  const probe = 'karrot-console-probe';
  const [outboxWrite, dlqWrite, schemaWrite] = await Promise.all([
    // retrying an event id that no event has changes nothing
    mayWrite(`kafkaoutbox/${probe}`, {}),
    // a replay is a dry run unless dryRun is false; an unknown topic is refused with 400 by an endpoint that writes
    mayWrite(`kafkadlq/${probe}`, { dryRun: true }),
    // a malformed candidate is refused with 400 by an endpoint that checks
    mayWrite(`kafkaschemas/${probe}`, { schema: '' }),
  ]);
  context.write = { outbox: outboxWrite, deadletters: dlqWrite, schemas: schemaWrite };
  const granted = [outboxWrite && 'retry and discard outbox events', dlqWrite && 'replay dead letters',
    schemaWrite && 'check schemas'].filter(Boolean);
  const access = document.getElementById('access');
  access.textContent = granted.length ? `You may ${granted.join(', ')}.` : 'Read only: you may not change anything here.';
  access.dataset.mode = granted.length ? 'write' : 'read-only';
}

/** Samples the figures the charts draw: the outbox's publish-to-ack latency and every group's total lag. */
async function sample() {
  const now = new Date();
  const [latency, lagReport] = await Promise.all([get('metrics/karrot.kafka.outbox.latency').catch(() => null),
    get('kafkalag').catch(() => null)]);
  if (latency && latency.ok && latency.body) {
    const stat = (name) => (latency.body.measurements.find((m) => m.statistic === name) || {}).value;
    const current = { count: stat('COUNT'), total: stat('TOTAL_TIME') };
    const last = context.lastLatency;
    if (last && current.count > last.count) {
      remember(context.samples.latency, { t: now, v: (current.total - last.total) / (current.count - last.count) });
    }
    context.lastLatency = current;
  }
  if (lagReport && lagReport.ok && lagReport.body && lagReport.body.time !== context.lastLagTime) {
    context.lastLagTime = lagReport.body.time;
    for (const group of lagReport.body.groups) {
      if (group.totalLag === null || group.totalLag === undefined) continue;
      if (!context.samples.lag.has(group.groupId)) context.samples.lag.set(group.groupId, []);
      remember(context.samples.lag.get(group.groupId), { t: new Date(lagReport.body.time), v: group.totalLag });
    }
  }
}

function select(name) {
  const view = VIEWS[name] ? name : 'outbox';
  for (const tab of document.querySelectorAll('[role=tab]')) {
    const selected = tab.dataset.view === view;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
  }
  const main = document.getElementById('view');
  main.setAttribute('aria-labelledby', `tab-${view}`);
  main.replaceChildren();
  main.dataset.view = view;
  context.refreshers = [];
  VIEWS[view](main, context).catch((error) => main.append(message('error', `The view failed: ${error.message}`)));
}

function tabs() {
  const list = [...document.querySelectorAll('[role=tab]')];
  for (const tab of list) {
    tab.addEventListener('click', () => { location.hash = tab.dataset.view; });
    tab.addEventListener('keydown', (event) => {
      const index = list.indexOf(tab);
      const next = event.key === 'ArrowRight' ? list[(index + 1) % list.length]
        : event.key === 'ArrowLeft' ? list[(index - 1 + list.length) % list.length]
          : event.key === 'Home' ? list[0] : event.key === 'End' ? list[list.length - 1] : null;
      if (next) { event.preventDefault(); next.focus(); location.hash = next.dataset.view; }
    });
  }
  window.addEventListener('hashchange', () => select(location.hash.slice(1)));
}

async function main() {
  tabs();
  const info = await get('info').catch(() => null);
  const name = info && info.ok && info.body && info.body.app && info.body.app.name;
  document.getElementById('service').textContent = name || location.host;
  await probeAccess();
  await sample();
  select(location.hash.slice(1));
  setInterval(async () => {
    await sample();
    for (const refresh of context.refreshers) await refresh();
  }, REFRESH_MS);
}

main();
