// The latest Betti numbers and Ω of every layer at the chosen threshold, with the layer shapes.
import {el, int, num} from '../dom.js';

export function layerTable(model, threshold) {
  const latest = new Map(model.latestLayers(threshold).map(l => [l.index, l]));
  const rows = model.layers().map(layer => {
    const l = latest.get(layer.index);
    const b = l?.betti ?? [];
    return el('tr', {'data-layer': layer.name},
      el('td', {class: 'num'}, layer.index),
      el('td', {}, layer.name),
      el('td', {}, (layer.shape ?? []).join('×') || '–'),
      el('td', {class: 'num'}, l ? int(l.step) : '–'),
      el('td', {class: 'num'}, l ? int(l.samples) : '–'),
      [0, 1, 2].map(d => el('td', {class: 'num'}, b.length > d ? num(b[d], 1) : '–')),
      el('td', {class: 'num'}, l ? num(l.omega, 1) : '–'));
  });
  return el('table', {class: 'layers', 'data-table': 'layers'},
    el('thead', {}, el('tr', {},
      el('th', {class: 'num'}, '#'), el('th', {}, 'layer'), el('th', {}, 'shape'), el('th', {class: 'num'}, 'step'),
      el('th', {class: 'num'}, 'samples'), el('th', {class: 'num'}, 'β0'), el('th', {class: 'num'}, 'β1'),
      el('th', {class: 'num'}, 'β2'), el('th', {class: 'num'}, 'Ω'))),
    el('tbody', {}, rows));
}
