// The outbox view: what waits, what failed (paged), the publish-to-ack latency; retry one or all, discard one.
import { get, post, del, failure } from './api.js';
import { h, figure, number, seconds, time, card, table, row, num, message, status, lineChart, confirmChange , fill } from './ui.js';

const PAGE_SIZE = 20;

export default async function outbox(main, context) {
  let page = 0;
  const notice = h('div', { id: 'outbox-notice' });
  const body = h('div');
  main.append(h('h2', {}, 'Outbox'), notice, body);

  async function act(promise, done) {
    const result = await promise;
    fill(notice, result.ok ? message('success', done(result.body)) : message('error', failure(result, 'kafkaoutbox')));
    await render();
  }

  async function render() {
    const result = await get(`kafkaoutbox?page=${page}&size=${PAGE_SIZE}`);
    if (!result.ok) {
      fill(body, message('error', failure(result, 'kafkaoutbox')));
      return;
    }
    const o = result.body;
    const pages = Math.max(1, Math.ceil(o.failed / o.size));
    const rows = o.failedEvents.map((e) => row([
      h('code', {}, e.eventId), e.eventType, `${e.aggregateType} ${e.aggregateId}`, e.topic, status(e.status),
      num(e.attempts), h('span', { class: 'error-text' }, e.lastError), time(e.lastFailedAt),
      context.write.outbox ? h('span', {},
        h('button', { class: 'retry', 'aria-label': `Retry event ${e.eventId}`,
          onclick: () => act(post(`kafkaoutbox/${encodeURIComponent(e.eventId)}`), (r) => r.retried
            ? `Event ${e.eventId} is due again.` : `Event ${e.eventId} was not failed any more.`) }, 'Retry'), ' ',
        h('button', { class: 'discard', 'aria-label': `Discard event ${e.eventId}`,
          onclick: async () => {
            if (await confirmChange('Discard the event?', `Event ${e.eventId} (${e.eventType}) will be deleted without being sent; later events of ${e.aggregateType} ${e.aggregateId} may then go.`, 'Discard')) {
              await act(del(`kafkaoutbox/${encodeURIComponent(e.eventId)}`), (r) => r.discarded
                ? `Event ${e.eventId} was discarded.` : `Event ${e.eventId} was not in the outbox any more.`);
            }
          } }, 'Discard')) : null,
    ], { 'data-event-id': e.eventId }));
    const headers = ['Event id', 'Type', 'Aggregate', 'Topic', 'Status', 'Attempts', 'Last error', 'Last failed'];
    if (context.write.outbox) headers.push('Actions');
    fill(body, 
      h('div', { class: 'cards' },
        card('Pending', number(o.pending), 'outbox-pending'),
        card('Failed', number(o.failed), 'outbox-failed'),
        card('Oldest pending age', figure(o.oldestPendingAgeSeconds, seconds), 'outbox-oldest')),
      lineChart('Publish → ack latency, mean per refresh, since this page opened (metric karrot.kafka.outbox.latency)',
        context.samples.latency, seconds),
      h('h3', {}, `Failed events (${number(o.failed)})`),
      context.write.outbox && o.failed > 0 ? h('p', {}, h('button', { id: 'retry-all', class: 'primary', onclick: async () => {
        if (await confirmChange('Retry every failed event?', `${o.failed} failed events become due now, with a fresh count of attempts.`, 'Retry all')) {
          await act(post('kafkaoutbox'), (r) => `${r.retried} events are due again.`);
        }
      } }, 'Retry all failed')) : null,
      o.failedEvents.length ? table('Failed events', headers, rows, { id: 'failed-events' })
        : h('p', { id: 'no-failed' }, 'No failed event.'),
      pages > 1 ? h('p', {},
        h('button', { disabled: page === 0, onclick: () => { page--; render(); } }, 'Previous'),
        ` Page ${page + 1} of ${pages} `,
        h('button', { disabled: page + 1 >= pages, onclick: () => { page++; render(); } }, 'Next')) : null);
  }

  context.onRefresh(render);
  await render();
}
