// The schemas view: subjects with their versions and modes, a line diff between two versions, and a compatibility
// check of a pasted candidate (the endpoint checks, nothing is registered).
import { get, post, failure } from './api.js';
import { h, number, table, row, message , fill } from './ui.js';

/** Lines of a and b as a longest-common-subsequence diff: [{kind: ' '|'-'|'+', line}]. */
export function diff(a, b) {
  const x = a.split('\n'), y = b.split('\n');
  const n = x.length, m = y.length;
  const lcs = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) {
    lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const out = [];
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) { out.push({ kind: ' ', line: x[i] }); i++; j++; }
    else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) { out.push({ kind: '+', line: y[j] }); j++; }
    else { out.push({ kind: '-', line: x[i] }); i++; }
  }
  return out;
}

export default async function schemas(main, context) {
  const body = h('div');
  const work = h('div', { id: 'schema-work' });
  main.append(h('h2', {}, 'Schemas'), body, work);
  const result = await get('kafkaschemas');
  if (!result.ok) {
    fill(body, message('error', failure(result, 'kafkaschemas')));
    return;
  }
  const s = result.body;
  fill(body, h('p', {}, `Registry's global compatibility mode: ${s.globalMode}.`),
    s.subjects.length ? table('Subjects', ['Subject', 'Mode', 'Versions (id)', ''], s.subjects.map((subject) => row([
      subject.subject, subject.mode, subject.versions.map((v) => `v${v.version} (${v.id})`).join(', '),
      h('button', { type: 'button', 'aria-label': `Open ${subject.subject}`, onclick: () => openSubject(subject) }, 'Open'),
    ], { 'data-subject': subject.subject })), { id: 'subjects' }) : h('p', {}, 'The registry has no subject.'));

  function openSubject(subject) {
    const versions = subject.versions.map((v) => v.version);
    const pick = (id, label, chosen) => h('label', {}, label, h('select', { id }, versions.map((v) =>
      h('option', { value: v, selected: v === chosen }, `v${v}`))));
    const out = h('div', { id: 'schema-diff' });
    const from = pick('diff-from', 'From', versions[Math.max(0, versions.length - 2)]);
    const to = pick('diff-to', 'To', versions[versions.length - 1]);
    const form = h('form', { class: 'filters', onsubmit: async (event) => {
      event.preventDefault();
      const [a, b] = await Promise.all([from, to].map((label) => get(`kafkaschemas/${encodeURIComponent(subject.subject)}/${label.querySelector('select').value}`)));
      if (!a.ok || !b.ok) { fill(out, message('error', failure(a.ok ? b : a, 'kafkaschemas'))); return; }
      const lines = diff(a.body.schema, b.body.schema);
      const changed = lines.filter((l) => l.kind !== ' ').length;
      fill(out, h('p', {}, changed ? `${number(changed)} lines differ.` : 'The two versions are the same.'),
        h('pre', { class: 'diff' }, lines.map((l) => h('span', { class: l.kind === '+' ? 'add' : l.kind === '-' ? 'del' : null },
          `${l.kind} ${l.line}\n`))));
    } }, from, to, h('button', { type: 'submit', id: 'diff-show' }, 'Compare'));
    const parts = [h('h3', {}, subject.subject), form, out];
    if (context.write.schemas) {
      const candidate = h('textarea', { id: 'candidate', 'aria-label': 'Candidate schema (Avro JSON)' });
      const verdict = h('div', { id: 'check-result' });
      parts.push(h('h3', {}, 'Check a candidate schema'), h('p', {}, `Checked against ${subject.subject} in mode ${subject.mode}; nothing is registered.`),
        candidate, h('p', {}, h('button', { type: 'button', id: 'check', onclick: async () => {
          const checked = await post(`kafkaschemas/${encodeURIComponent(subject.subject)}`, { schema: candidate.value });
          fill(verdict, !checked.ok ? message('error', failure(checked, 'kafkaschemas'))
            : checked.body.compatible ? message('success', `Compatible (${checked.body.mode}).`)
              : h('div', {}, message('error', `Not compatible (${checked.body.mode}):`), h('ul', {}, checked.body.messages.map((m) => h('li', {}, m)))));
        } }, 'Check compatibility')), verdict);
    }
    fill(work, ...parts);
  }
}
