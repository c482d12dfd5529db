// The topics view: partitions, replication, offsets and message rates of every topic the monitor reads.
import { get, failure } from './api.js';
import { h, number, time, table, row, num, message, figure , fill } from './ui.js';

export default async function topics(main, context) {
  const body = h('div');
  main.append(h('h2', {}, 'Topics'), body);
  const open = new Set();

  async function render() {
    const result = await get('kafkatopics');
    if (!result.ok) {
      fill(body, message('error', failure(result, 'kafkatopics')));
      return;
    }
    const report = result.body;
    const rows = report.topics.flatMap((t) => {
      const summary = row([
        h('button', { class: 'link', 'aria-expanded': String(open.has(t.name)), 'aria-label': `Partitions of ${t.name}`,
          onclick: () => { open.has(t.name) ? open.delete(t.name) : open.add(t.name); render(); } }, t.name),
        num(t.partitionCount), num(t.replicationFactor), num(t.underReplicatedPartitions), num(t.offlinePartitions),
        num(t.messagesPerSecond, (v) => `${v.toFixed(2)}/s`),
      ], { 'data-topic': t.name });
      if (!open.has(t.name)) return [summary];
      return [summary, h('tr', {}, h('td', { colspan: 6 }, table(`Partitions of ${t.name}`,
        ['Partition', 'Leader', 'Replicas', 'In sync', 'Start offset', 'End offset'],
        t.partitions.map((p) => row([number(p.partition), figure(p.leader), num(p.replicas), num(p.inSyncReplicas),
          num(p.startOffset), num(p.endOffset)])))))];
    });
    const errors = Object.entries(report.errors || {});
    fill(body, h('p', {}, `Read at ${time(report.time)}. Rates are the end offsets' growth between the last two refreshes.`),
      rows.length ? table('Topics', ['Topic', 'Partitions', 'Replication', 'Under-replicated', 'Offline', 'Messages'], rows, { id: 'topics' })
        : h('p', {}, 'No topic read yet.'),
      errors.length ? table('Topics not described', ['Topic', 'Why'], errors.map(([name, why]) => row([name, why]))) : null);
  }

  context.onRefresh(render);
  await render();
}
