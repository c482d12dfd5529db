// Small DOM helpers, number formats and the console's inline SVG line chart.
export const NOT_MEASURED = 'not measured yet';

export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A figure, or "not measured yet" when the endpoint left it out. */
export function figure(value, format = String) {
  return value === null || value === undefined ? h('span', { class: 'absent' }, NOT_MEASURED) : format(value);
}

export const number = (n) => Number(n).toLocaleString('en');
export const seconds = (s) => s < 1 ? `${Math.round(s * 1000)} ms` : s < 120 ? `${s.toFixed(1)} s`
  : s < 7200 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(1)} h`;
export const time = (iso) => new Date(iso).toLocaleString('en-GB', { hour12: false });

export function status(value) {
  return value ? h('span', { class: `status status-${value}` }, value) : figure(null);
}

/** Replaces a node's children, leaving out absent ones. */
export function fill(node, ...children) {
  node.replaceChildren(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
}

export function message(kind, text) {
  return h('div', { class: `message ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

export function table(caption, headers, rows, attrs = {}) {
  return h('table', attrs, h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, headers.map((title) => h('th', { scope: 'col' }, title)))),
    h('tbody', {}, rows));
}

export function row(cells, attrs = {}) {
  return h('tr', attrs, cells.map((cell) => cell instanceof Node && cell.tagName === 'TD' ? cell : h('td', {}, cell)));
}

export const num = (value, format = number) => h('td', { class: 'num' }, figure(value, format));

export function card(label, value, id) {
  return h('div', { class: 'card', id }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value));
}

/** Asks to confirm a change in the page's modal dialog; resolves true when confirmed. */
export function confirmChange(title, text, action) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-ok').textContent = action;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true }));
}

/**
 * A line chart of samples [{t: Date, v: number}] as inline SVG, with its figures also in a text alternative.
 * Shows "not measured yet" until two samples exist.
 */
export function lineChart(title, samples, format = number) {
  const figureNode = h('figure', { class: 'chart' }, h('figcaption', {}, title));
  if (samples.length < 2) {
    figureNode.append(h('p', { class: 'absent' }, samples.length === 1
      ? `${NOT_MEASURED} (one sample so far: ${format(samples[0].v)})` : NOT_MEASURED));
    return figureNode;
  }
  const width = 600, height = 160, left = 64, bottom = 22, top = 10, right = 10;
  const t0 = samples[0].t.getTime(), t1 = samples[samples.length - 1].t.getTime();
  const max = Math.max(...samples.map((s) => s.v)), min = Math.min(0, ...samples.map((s) => s.v));
  const x = (t) => left + (width - left - right) * (t - t0) / Math.max(1, t1 - t0);
  const y = (v) => top + (height - top - bottom) * (1 - (v - min) / Math.max(1e-9, max - min));
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${title}: ${samples.length} samples from ${format(samples[0].v)} to ${format(samples[samples.length - 1].v)}, highest ${format(max)}`);
  const add = (tag, attrs, text) => {
    const el = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    if (text !== undefined) el.textContent = text;
    svg.append(el);
  };
  add('line', { x1: left, y1: y(min), x2: width - right, y2: y(min), stroke: '#6b7580' });
  add('line', { x1: left, y1: top, x2: left, y2: y(min), stroke: '#6b7580' });
  add('text', { x: left - 4, y: top + 10, 'text-anchor': 'end', 'font-size': 11, fill: '#1b1f24' }, format(max));
  add('text', { x: left - 4, y: y(min), 'text-anchor': 'end', 'font-size': 11, fill: '#1b1f24' }, format(min));
  const clock = (t) => new Date(t).toLocaleTimeString('en-GB', { hour12: false });
  add('text', { x: left, y: height - 6, 'font-size': 11, fill: '#1b1f24' }, clock(t0));
  add('text', { x: width - right, y: height - 6, 'text-anchor': 'end', 'font-size': 11, fill: '#1b1f24' }, clock(t1));
  add('polyline', { fill: 'none', stroke: '#0b57d0', 'stroke-width': 2,
    points: samples.map((s) => `${x(s.t.getTime()).toFixed(1)},${y(s.v).toFixed(1)}`).join(' ') });
  for (const s of samples) add('circle', { cx: x(s.t.getTime()), cy: y(s.v), r: 2.5, fill: '#0b57d0' });
  figureNode.append(svg);
  return figureNode;
}

/** Keeps the samples of the last `minutes` minutes, at most `limit`. */
export function remember(samples, sample, minutes = 10, limit = 240) {
  samples.push(sample);
  const since = sample.t.getTime() - minutes * 60_000;
  while (samples.length > limit || (samples.length && samples[0].t.getTime() < since)) samples.shift();
}
