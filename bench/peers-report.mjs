#!/usr/bin/env node
/**
 * The lsm-ser vs Brian2 vs floor table from one run of ../shared/peers/run_all.py (with the
 * lsm-ser engines added through bench/peers-extra.sh) and that machine's membw.json.
 *
 *   node bench/peers-report.mjs PEERS_COPY_DIR > table.md
 *
 * Loop time per simulated second = median run_s over the repeats (each netgen network
 * simulates 1 s). Floor (peers/floor.py, cache-resident): N * steps / U + events / S, with U
 * and S the C neuron-update and scatter-add rates measured by membw.c on the same machine.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node bench/peers-report.mjs PEERS_COPY_DIR');
  process.exit(2);
}
const rows = readFileSync(join(dir, 'results.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));
const m = JSON.parse(readFileSync(join(dir, 'membw.json'), 'utf8'));
const U = m.c_neuron_updates_per_s_N10000;
const S = m.c_scatter_events_per_s_N10000;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const key = (N, dt) => `${N}/${Number(dt)}`;
const by = new Map();
for (const r of rows) {
  const k = key(r.N, r.dt);
  if (!by.has(k)) by.set(k, new Map());
  const e = by.get(k);
  if (!e.has(r.engine)) e.set(r.engine, []);
  e.get(r.engine).push(r);
}
const engines = [...new Set(rows.map((r) => r.engine))];
const lsm = engines.filter((e) => e.startsWith('lsm-ser'));
const peers = engines.filter((e) => !e.startsWith('lsm-ser'));
const ms = (x) => (x * 1000 < 10 ? (x * 1000).toFixed(2) : (x * 1000).toFixed(1));
const ratio = (a, b) => (a / b).toFixed(2);
const cpp = 'brian2-cpp_standalone';
const cython = 'brian2-cython';
const main = lsm.find((e) => e.includes('wasm-f64')) ?? lsm[0];

console.log(`Floor rates (membw.c): ${U.toPrecision(3)} neuron updates/s, ${S.toPrecision(3)} synaptic events/s (one core, cache-resident).\n`);
console.log(
  `| N | dt (ms) | ${[...lsm, ...peers].map((e) => `${e} (ms)`).join(' | ')} | floor (ms) | ${main} / cpp_standalone | / cython | / floor | spikes (all engines) |`,
);
console.log(`|---:|---:|${[...lsm, ...peers].map(() => '---:').join('|')}|---:|---:|---:|---:|---|`);
const keys = [...by.keys()].sort((a, b) => {
  const [na, da] = a.split('/').map(Number);
  const [nb, db] = b.split('/').map(Number);
  return db - da || na - nb;
});
for (const k of keys) {
  const e = by.get(k);
  const [N, dt] = k.split('/').map(Number);
  const t = (eng) => (e.has(eng) ? median(e.get(eng).map((r) => r.run_s)) : NaN);
  const any = [...e.values()][0][0];
  const steps = any.steps ?? Math.round(1000 / dt);
  const floor = (N * steps) / U + (any.rec_events + any.in_events) / S;
  const spikes = [...new Set([...e.values()].flat().map((r) => r.spikes))].join(' / ');
  const cells = [...lsm, ...peers].map((eng) => (Number.isNaN(t(eng)) ? 'n/a' : ms(t(eng))));
  console.log(
    `| ${N} | ${dt} | ${cells.join(' | ')} | ${ms(floor)} | ${ratio(t(main), t(cpp))} | ${ratio(t(main), t(cython))} | ${ratio(t(main), floor)} | ${spikes} |`,
  );
}
