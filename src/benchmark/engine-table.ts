/**
 * The Markdown table of engine benchmark records, printed by `lsm-ser bench engine` and
 * bench/engine.ts.
 *
 * @module
 */
import type { EngineRecord } from './engine-sweep.js';

const g3 = (x: number): string => (Number.isFinite(x) ? x.toPrecision(3) : '-');

/** The header (two lines) and rows of the engine table (Markdown), one row per record. */
export function formatEngineTable(records: readonly EngineRecord[]): string[] {
  const lines = [
    '| backend | topology | N | synapses | dt (ms) | batch | precision | input | wall s / sim s | neuron updates/s | synaptic events/s | spikes | rate (Hz) |',
    '|---|---|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of records) {
    if (r.skipped) {
      lines.push(
        `| ${r.backend} | ${r.topology} | ${r.N} | ${r.synapses} | ${r.dt_ms} | ${r.batch} | ${r.precision} | ${r.input} | skipped: ${r.skipped.replace(/\|/g, '/')} | | | | |`,
      );
      continue;
    }
    lines.push(
      `| ${r.backend} | ${r.topology} | ${r.N} | ${r.synapses} | ${r.dt_ms} | ${r.batch} | ${r.precision} | ${r.input} | ${g3(r.wall_per_sim_s)} | ${g3(r.neuron_updates_per_s)} | ${g3(r.syn_events_per_s)} | ${r.spikes} | ${r.rate_hz.toFixed(1)} |`,
    );
  }
  return lines;
}
