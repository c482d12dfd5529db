// The lag view: every group with its status after Burrow's rules, lag and time lag per partition, and the chart of
// each group's lag at every refresh of the report since this page opened.
import { get, failure } from './api.js';
import { h, number, seconds, time, table, row, num, message, figure, status, lineChart , fill } from './ui.js';

export default async function lag(main, context) {
  const body = h('div');
  main.append(h('h2', {}, 'Consumer lag'), body);
  const open = new Set();

  async function render() {
    const result = await get('kafkalag');
    if (!result.ok) {
      fill(body, message('error', failure(result, 'kafkalag')));
      return;
    }
    const report = result.body;
    const groups = report.groups.map((g) => {
      const groupStatus = g.status ? g.status.status : null;
      const summary = row([
        h('button', { class: 'link', 'aria-expanded': String(open.has(g.groupId)), 'aria-label': `Partitions of ${g.groupId}`,
          onclick: () => { open.has(g.groupId) ? open.delete(g.groupId) : open.add(g.groupId); render(); } }, g.groupId),
        h('span', { class: 'group-status', 'data-group': g.groupId }, status(groupStatus)),
        g.status && g.status.topic ? `${g.status.topic}-${g.status.partition} ${g.status.partitionStatus}` : '',
        figure(g.state), num(g.members), num(g.totalLag), g.error ? g.error : h('span', { class: 'absent' }, 'none'),
      ], { 'data-group': g.groupId });
      if (!open.has(g.groupId)) return [summary];
      const partitions = g.topics.flatMap((t) => t.partitions.map((p) => row([`${t.topic}-${p.partition}`,
        num(p.committedOffset), num(p.endOffset), num(p.lag), num(p.timeLagSeconds, seconds), status(p.status),
        figure(p.clientId)])));
      return [summary, h('tr', {}, h('td', { colspan: 7 },
        table(`Partitions of ${g.groupId}`, ['Partition', 'Committed', 'End offset', 'Lag', 'Time lag', 'Status', 'Client'], partitions, { 'data-partitions': g.groupId }),
        lineChart(`Total lag of ${g.groupId} at each refresh since this page opened`, context.samples.lag.get(g.groupId) || [])))];
    });
    fill(body, 
      h('p', {}, `Read at ${time(report.time)}, against the ${report.endOffset === 'LAST_STABLE_OFFSET' ? 'last stable offset' : 'high watermark'}. `
        + 'Status after Burrow: OK, WARN (lag grows while committing), ERR (a partition stopped, stalled or rewound).'),
      groups.length ? table('Consumer groups', ['Group', 'Status', 'Worst partition', 'State', 'Members', 'Total lag', 'Error'], groups.flat(), { id: 'lag-groups' })
        : h('p', {}, 'No consumer group read yet.'));
  }

  context.onRefresh(render);
  await render();
}
