// The latest Betti numbers and Ω of every layer at the chosen threshold, with the layer shapes, whether the
// layer enters θ and the depth trend (a ReLU right after the layer it reads repeats its sublevel sets and is
// left out), and its dead fraction (share of activations ≤ 0).
import {el, int, num, pct} from '../dom.js';

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
      el('td', {class: 'num'}, l ? num(l.omega, 1) : '–'),
      el('td', {'data-in-theta': String(l?.inTheta)}, l?.inTheta == null ? '–' : l.inTheta ? 'yes' : 'no'),
      el('td', {class: 'num'}, l?.dead == null ? '–' : pct(l.dead)));
  });
  return el('table', {class: 'layers', 'data-table': 'layers'},
    el('thead', {}, el('tr', {},
      el('th', {class: 'num'}, '#'), el('th', {}, 'layer'), el('th', {}, 'shape'), el('th', {class: 'num'}, 'step'),
      el('th', {class: 'num'}, 'samples'), el('th', {class: 'num'}, 'β0'), el('th', {class: 'num'}, 'β1'),
      el('th', {class: 'num'}, 'β2'), el('th', {class: 'num'}, 'Ω'),
      el('th', {title: 'enters θ and the depth trend (engine.theta-layers; a ReLU right after the layer it reads is a duplicate)'}, 'in θ'),
      el('th', {class: 'num', title: 'share of the sampled activations ≤ 0'}, 'dead'))),
    el('tbody', {}, rows));
}
