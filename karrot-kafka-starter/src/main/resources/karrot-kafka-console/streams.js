// The Streams view: each client's state, threads and tasks, state stores, and its topology drawn from the Mermaid
// flowchart the endpoint returns (parsed and laid out here, left to right, without a diagram library).
import { get, failure } from './api.js';
import { h, time, table, row, num, message, figure, status , fill } from './ui.js';

const SHAPES = [[/^(\w+)\(\[(.*)\]\)$/, 'source'], [/^(\w+)>(.*)\]$/, 'sink'], [/^(\w+)\[\/(.*)\/\]$/, 'topic'],
  [/^(\w+)\[\((.*)\)\]$/, 'store'], [/^(\w+)\[\[(.*)\]\]$/, 'store'], [/^(\w+)\[(.*)\]$/, 'processor']];
const FILL = { topic: '#fff1c2', source: '#dafbe1', sink: '#dafbe1', processor: '#e8f0fe', store: '#f4e8ff' };

/** Mermaid's entity codes back to characters. */
const decode = (text) => text.replace(/^"(.*)"$/, '$1').replace(/#quot;/g, '"').replace(/#(\d+);/g, (_, code) => String.fromCharCode(Number(code)));

/** The nodes and edges of the endpoint's Mermaid flowchart. */
export function parse(mermaid) {
  const nodes = new Map(), edges = [];
  let group = null;
  for (const raw of mermaid.split('\n')) {
    const line = raw.trim();
    const subgraph = /^subgraph \w+\[(.*)\]$/.exec(line);
    if (subgraph) { group = decode(subgraph[1]); continue; }
    if (line === 'end') { group = null; continue; }
    const edge = /^(\w+) (-->|-\.-) (\w+)$/.exec(line);
    if (edge) { edges.push({ from: edge[1], to: edge[3], dashed: edge[2] === '-.-' }); continue; }
    const declaration = line.replace(/:::\w+$/, '');
    for (const [pattern, kind] of SHAPES) {
      const match = pattern.exec(declaration);
      if (match) { nodes.set(match[1], { id: match[1], label: decode(match[2]), kind, group }); break; }
    }
  }
  return { nodes, edges };
}

/** The topology as an SVG diagram: one column per step from the source topics. */
export function diagram({ nodes, edges }) {
  const layer = new Map([...nodes.keys()].map((id) => [id, 0]));
  for (let pass = 0; pass < nodes.size; pass++) {
    let changed = false;
    for (const e of edges) {
      if (layer.has(e.from) && layer.has(e.to) && layer.get(e.to) < layer.get(e.from) + 1) {
        layer.set(e.to, layer.get(e.from) + 1);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const columns = [];
  for (const [id, l] of layer) (columns[l] ||= []).push(id);
  const W = 190, H = 40, GX = 60, GY = 18, PAD = 12;
  const pos = new Map();
  columns.forEach((ids, c) => ids.forEach((id, r) => pos.set(id, { x: PAD + c * (W + GX), y: PAD + r * (H + GY) })));
  const width = PAD * 2 + columns.length * (W + GX) - GX;
  const height = PAD * 2 + Math.max(...columns.map((ids) => ids.length)) * (H + GY) - GY;
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', width);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `Topology: ${nodes.size} nodes, ${edges.length} connections`);
  const add = (tag, attrs, text) => {
    const el = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    if (text !== undefined) el.textContent = text;
    svg.append(el);
    return el;
  };
  const marker = add('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', 'M 0 0 L 10 5 L 0 10 z');
  path.setAttribute('fill', '#4a5560');
  marker.append(path);
  for (const e of edges) {
    const a = pos.get(e.from), b = pos.get(e.to);
    if (!a || !b) continue;
    add('line', { x1: a.x + W, y1: a.y + H / 2, x2: b.x, y2: b.y + H / 2, stroke: '#4a5560', 'stroke-width': 1.5,
      'stroke-dasharray': e.dashed ? '4 3' : 'none', 'marker-end': e.dashed ? 'none' : 'url(#arrow)' });
  }
  for (const [id, node] of nodes) {
    const p = pos.get(id);
    const g = add('g', { class: `node node-${node.kind}`, 'data-label': node.label });
    const box = document.createElementNS(ns, 'rect');
    Object.entries({ x: p.x, y: p.y, width: W, height: H, rx: node.kind === 'processor' ? 3 : 14,
      fill: FILL[node.kind], stroke: '#4a5560' }).forEach(([k, v]) => box.setAttribute(k, v));
    const title = document.createElementNS(ns, 'title');
    title.textContent = `${node.kind}: ${node.label}${node.group ? ' (' + node.group + ')' : ''}`;
    const text = document.createElementNS(ns, 'text');
    Object.entries({ x: p.x + W / 2, y: p.y + H / 2 + 4, 'text-anchor': 'middle', 'font-size': 12, fill: '#1b1f24' })
      .forEach(([k, v]) => text.setAttribute(k, v));
    text.textContent = node.label.length > 28 ? node.label.slice(0, 27) + '…' : node.label;
    g.append(title, box, text);
  }
  return svg;
}

export default async function streams(main) {
  const body = h('div');
  main.append(h('h2', {}, 'Kafka Streams'), body);
  const result = await get('kafkastreams');
  if (!result.ok) {
    fill(body, message('error', failure(result, 'kafkastreams')));
    return;
  }
  const clients = Object.entries(result.body.clients);
  if (!clients.length) body.append(h('p', {}, 'This service runs no Kafka Streams client.'));
  for (const [name, c] of clients) {
    const tasks = c.threads.flatMap((t) => [...t.activeTasks.map((task) => ['active', task]), ...t.standbyTasks.map((task) => ['standby', task])]
      .flatMap(([kind, task]) => task.partitions.map((p) => row([t.name, task.id, kind, `${p.topic}-${p.partition}`,
        num(p.committedOffset), num(p.endOffset)]))));
    body.append(h('section', { class: 'streams-client', 'data-client': name, 'aria-label': `Streams client ${name}` },
      h('h3', {}, `${name} (${c.applicationId || 'no application id'})`),
      h('p', {}, 'State: ', status(c.state === 'RUNNING' ? 'OK' : c.state === 'ERROR' ? 'ERR' : null), ' ', figure(c.state),
        c.since ? ` since ${time(c.since)}` : ''),
      c.lastFailure ? message('error', `Last failure at ${time(c.lastFailure.at)}: ${c.lastFailure.exception}: ${c.lastFailure.message || ''}`) : null,
      h('h4', {}, 'Threads and tasks'),
      tasks.length ? table('Tasks', ['Thread', 'Task', 'Kind', 'Partition', 'Committed', 'End offset'], tasks)
        : h('p', { class: 'absent' }, 'No stream thread runs.'),
      c.stores.length ? [h('h4', {}, 'State stores'), table('State stores', ['Store', 'Sub-topology', 'Global', 'Processors'],
        c.stores.map((s) => row([s.name, num(s.subTopology), s.global ? 'yes' : 'no', s.processors.join(', ')])))] : null,
      h('h4', {}, 'Topology'),
      c.mermaid ? h('div', { class: 'topology' }, diagram(parse(c.mermaid))) : h('p', { class: 'absent' }, 'No topology yet.'),
      c.topology ? h('details', {}, h('summary', {}, 'As Kafka Streams describes it'), h('pre', {}, c.topology)) : null,
      c.transitions.length ? h('details', {}, h('summary', {}, 'Recent state changes'),
        table('State changes', ['At', 'From', 'To'], c.transitions.map((t) => row([time(t.at), t.from, t.to])))) : null));
  }
}
