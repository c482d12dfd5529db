// The dead-letter view: DLQ topics with counts, dead letters filtered by group, type, exception and time, one
// record's headers and value, and a replay previewed by a dry run before anything is sent.
import { get, post, failure } from './api.js';
import { h, number, time, table, row, num, message, figure, confirmChange , fill } from './ui.js';

const PAGE_SIZE = 20;
const FILTERS = [['group', 'Consumer group'], ['eventType', 'Event type'], ['exception', 'Exception'],
  ['from', 'From (ISO-8601)'], ['to', 'To (ISO-8601)']];

/**
 * A value the endpoint decoded through the schema registry: its JSON pretty-printed with the schema id (and subject
 * and version when known), or why it could not be decoded, above the bytes.
 */
function decodedValue(decoded) {
  const schema = `schema id ${decoded.schemaId}` + (decoded.subject ? ` (${decoded.subject} version ${decoded.version})` : '');
  if (decoded.json === null || decoded.json === undefined) {
    return h('p', { class: 'message error', id: 'decode-error' }, `Not decoded with ${schema}: ${decoded.decodeError}.`);
  }
  let text = decoded.json;
  try { text = JSON.stringify(JSON.parse(decoded.json), null, 2); } catch { /* cut by the endpoint: shown as it is */ }
  return h('div', { id: 'decoded-value' }, h('p', { class: 'note' }, `Avro, decoded with ${schema}.`),
    h('pre', { class: 'value' }, text + (decoded.truncated ? '\n… (cut by the endpoint)' : '')));
}

/** A record's bytes as the endpoint gives them, shown as pretty JSON, text, or hex for binary. */
export function content(value, decoded) {
  if (!value) return h('span', { class: 'absent' }, 'none');
  if (value.encoding === 'masked') return h('span', {}, `${value.data} (${number(value.size)} bytes, hidden from you)`);
  if (value.encoding === 'base64') {
    const bytes = Uint8Array.from(atob(value.data), (c) => c.charCodeAt(0));
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    // Confluent wire format: magic byte 0, then the schema id in four bytes
    const wire = bytes.length > 5 && bytes[0] === 0
      ? `Binary, ${number(value.size)} bytes; Confluent wire format with schema id ${new DataView(bytes.buffer).getInt32(1)}.`
      : `Binary, ${number(value.size)} bytes.`;
    return h('div', {}, decoded ? decodedValue(decoded) : null,
      h('p', {}, wire + (value.truncated ? ' Cut by the endpoint.' : '')), h('pre', { class: 'hex' }, hex));
  }
  let text = value.data;
  try { text = JSON.stringify(JSON.parse(value.data), null, 2); } catch { /* not JSON: shown as it is */ }
  return h('pre', { class: 'value' }, text + (value.truncated ? '\n… (cut by the endpoint)' : ''));
}

export default async function deadletters(main, context) {
  const topicsBox = h('div');
  const lettersBox = h('div', { id: 'dead-letters' });
  const detailBox = h('div', { id: 'dead-letter' });
  main.append(h('h2', {}, 'Dead letters'), topicsBox, lettersBox, detailBox);
  let selected = null;

  async function renderTopics() {
    const result = await get('kafkadlq');
    if (!result.ok) {
      fill(topicsBox, message('error', failure(result, 'kafkadlq')));
      return;
    }
    const rows = result.body.topics.map((t) => row([
      h('button', { class: 'link', 'aria-label': `Show dead letters of ${t.topic}`, onclick: () => open(t.topic) }, t.topic),
      [...t.sourceTopics].join(', '), t.exists ? 'yes' : 'not created yet', num(t.records), num(t.replayed),
      t.complete ? 'yes' : 'no',
    ], { class: t.topic === selected ? 'selected' : null, 'data-topic': t.topic }));
    fill(topicsBox, rows.length
      ? table('Dead-letter topics', ['Dead-letter topic', 'Source topics', 'Exists', 'Records', 'Replayed', 'Counted to the end'], rows, { id: 'dlq-topics' })
      : h('p', {}, 'No listener of this service has a dead-letter topic.'));
  }

  function open(topic) {
    selected = topic;
    renderTopics();
    const form = h('form', { class: 'filters', id: 'dlq-filters', onsubmit: (event) => { event.preventDefault(); list(topic, form, 0); } },
      FILTERS.map(([name, label]) => h('label', {}, label, h('input', { name, id: `filter-${name}`, type: 'text', size: name === 'exception' ? 24 : 16 }))),
      h('button', { type: 'submit', id: 'filter-apply' }, 'Show'));
    const replayBox = h('div', { id: 'replay' });
    if (context.write.deadletters) {
      replayBox.append(h('p', {}, h('button', { id: 'replay-preview', type: 'button', onclick: () => preview(topic, form, replayBox) },
        'Preview replay (dry run)')));
    }
    fill(lettersBox, h('h3', {}, `Dead letters of ${topic}`), form, replayBox, h('div', { id: 'dlq-page' }));
    fill(detailBox);
    list(topic, form, 0);
  }

  function filters(form) {
    const values = {};
    for (const [name] of FILTERS) {
      const value = form.elements[name].value.trim();
      if (value) values[name] = value;
    }
    return values;
  }

  async function list(topic, form, page) {
    const query = new URLSearchParams({ ...filters(form), page, size: PAGE_SIZE });
    const result = await get(`kafkadlq/${encodeURIComponent(topic)}?${query}`);
    const box = lettersBox.querySelector('#dlq-page');
    if (!result.ok) {
      fill(box, message('error', failure(result, 'kafkadlq')));
      return;
    }
    const p = result.body;
    const rows = p.deadLetters.map((d) => row([
      h('button', { class: 'link', 'aria-label': `Show dead letter ${d.id}`, onclick: () => detail(d) }, d.id),
      time(d.timestamp), figure(d.eventType), figure(d.originalTopic), figure(d.exception),
      figure(d.exceptionMessage), d.replayed ? 'yes' : 'no',
    ], { 'data-id': d.id }));
    const pages = Math.max(1, Math.ceil(p.matched / p.size));
    fill(box, 
      h('p', { id: 'dlq-matched' }, `${number(p.matched)} dead letters match${p.complete ? '' : ' among those read in time (the topic was not read to its end)'}.`),
      rows.length ? table('Dead letters', ['Id', 'Time', 'Event type', 'Failed on', 'Exception', 'Message', 'Replayed'], rows) : null,
      pages > 1 ? h('p', {},
        h('button', { type: 'button', disabled: page === 0, onclick: () => list(topic, form, page - 1) }, 'Previous'),
        ` Page ${page + 1} of ${pages} `,
        h('button', { type: 'button', disabled: page + 1 >= pages, onclick: () => list(topic, form, page + 1) }, 'Next')) : null);
  }

  function detail(d) {
    fill(detailBox, h('h3', {}, `Dead letter ${d.id}`),
      h('div', { class: 'split' },
        h('div', {}, h('h4', {}, 'Value'), content(d.value, d.decodedValue), h('h4', {}, 'Key'), content(d.key)),
        h('div', {}, h('h4', {}, 'Headers'), table('Headers', ['Name', 'Value'],
          d.headers.map((header) => row([h('code', {}, header.name), header.value
            ? (header.value.encoding === 'base64' ? content(header.value) : header.value.data) : figure(null)]))))));
    detailBox.querySelector('h3').scrollIntoView({ block: 'nearest' });
  }

  async function preview(topic, form, box) {
    const chosen = filters(form);
    const result = await post(`kafkadlq/${encodeURIComponent(topic)}`, { ...chosen, dryRun: true });
    if (!result.ok) {
      fill(box, message('error', failure(result, 'kafkadlq')));
      return;
    }
    const r = result.body;
    const described = Object.entries(chosen).map(([k, v]) => `${k} ${v}`).join(', ') || 'no filter';
    fill(box, 
      h('div', { class: 'message info', id: 'replay-dry-run', role: 'status' },
        `Dry run (${described}): ${number(r.matched)} match, ${number(r.alreadyReplayed)} already replayed, `
        + `${number(r.unroutable)} cannot be routed back; ${number(r.toReplay)} would be sent back to the topics they failed on.`
        + (r.complete ? '' : ' The topic was not read to its end in time.') + (r.error ? ` Error: ${r.error}` : '')),
      h('p', {},
        h('button', { id: 'replay-send', type: 'button', class: 'danger', disabled: r.toReplay === 0, onclick: async () => {
          if (!await confirmChange('Replay dead letters?', `${r.toReplay} dead letters of ${topic} will be sent back to the topics they failed on, each for the group that dead-lettered it.`, 'Replay')) return;
          const sent = await post(`kafkadlq/${encodeURIComponent(topic)}`, { ...chosen, dryRun: false });
          fill(box, sent.ok
            ? message('success', `Replayed ${number(sent.body.replayed)} dead letters (replay ${sent.body.replayId}).${sent.body.error ? ' Error: ' + sent.body.error : ''}`)
            : message('error', failure(sent, 'kafkadlq')),
          h('p', {}, h('button', { id: 'replay-preview', type: 'button', onclick: () => preview(topic, form, box) }, 'Preview replay (dry run)')));
          await renderTopics();
          await list(topic, form, 0);
        } }, `Replay ${number(r.toReplay)} dead letters`), ' ',
        h('button', { type: 'button', onclick: () => preview(topic, form, box) }, 'Preview again')));
  }

  context.onRefresh(renderTopics);
  await renderTopics();
}
