/**
 * The equivalence part of bench/gpu-check.sh: names the WebGPU adapter, then runs the gpu
 * backend's kernels in WebGPU mode against the CPU backend (plain network, with and without
 * synaptic delays) and against the independent float64 loop of bench/gpu-equivalence.ts
 * (adaptation + heterogeneous time constants), for 1, 64 and 1024 lanes. A case passes when at
 * least 99 % of the lanes (all of them up to 100 lanes) have their spike count within 1 % and
 * the total is within 1 %: in a recurrent network one float32 rounding difference at threshold
 * (a spike flip) changes the rest of that lane's spike train (measured on the software adapter:
 * 1 lane of 1024 with delays off by 4 %, 832 vs 867 spikes, and gpu.js's own 'cpu' mode gives the
 * same 832 for that lane alone: rounding, not a kernel error). Exits 1 when a case fails or no
 * adapter answers; `--json FILE` writes the records.
 *
 *   npx tsx bench/gpu-check.ts [--lanes 1,64,1024] [--json FILE]
 */
import { writeFileSync } from 'node:fs';
import { Rng } from '../src/core/rng.js';
import { mV, ms } from '../src/core/units.js';
import { buildMaassColumn } from '../src/lsm/topology/maass.js';
import { buildInputCoupling } from '../src/lsm/topology/coupling.js';
import { runCpuLanes } from '../src/lsm/backends/cpu.js';
import { describeAdapter, runGpuLanesWithMode, webgpuAvailability } from '../src/lsm/backends/gpu.js';
import { resolveSimulationOptions } from '../src/lsm/run-types.js';
import { VERSION } from '../src/core/provenance.js';
import { analogInputs, featureNet, NO_DELAYS, referenceLoop } from './gpu-equivalence.js';

const args = process.argv.slice(2);
const arg = (name: string, def: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : def;
};
const laneList = arg('lanes', '1,64,1024').split(',').map(Number);
const jsonOut = arg('json', '');

const av = await webgpuAvailability();
console.log(`lsm-ser ${VERSION} bench/gpu-check.ts, ${new Date().toISOString()}`);
console.log(
  av.available
    ? `WebGPU adapter: ${describeAdapter(av.adapter!)} [${av.adapter!.kind}] isFallbackAdapter=${av.adapter!.isFallbackAdapter} dawnFlags=${av.adapter!.dawnFlags.join(' ') || 'none'}`
    : `no WebGPU adapter: ${av.reason}`,
);
const records: Record<string, unknown>[] = [];
let failed = !av.available;
if (av.available) {
  const opts = resolveSimulationOptions({ dt: 1 * ms, precision: 'f32' }, 0.03);
  const cases = [
    { name: 'plain, no delays, vs cpu backend', net: buildMaassColumn({ delays: NO_DELAYS }, new Rng(1).fork('W')), truth: 'cpu' },
    { name: 'synaptic delays, vs cpu backend', net: buildMaassColumn({}, new Rng(5).fork('W')), truth: 'cpu' },
    { name: 'adaptation + per-neuron tau, vs float64 loop', net: featureNet(2), truth: 'f64' },
  ] as const;
  for (const c of cases) {
    const coupling = buildInputCoupling(c.net.n, { channels: 8, gain: 2 * mV, signs: 'positive' }, new Rng(3).fork('in'));
    for (const lanes of laneList) {
      const inputs = analogInputs(lanes, lanes + 11);
      const t0 = performance.now();
      const ref = c.truth === 'cpu' ? runCpuLanes(c.net, coupling, inputs, opts) : referenceLoop(c.net, coupling, inputs, 1 * ms);
      const t1 = performance.now();
      const got = await runGpuLanesWithMode('webgpu', c.net, coupling, inputs, opts);
      const t2 = performance.now();
      let worst = 0;
      let outside = 0;
      let totGot = 0;
      let totRef = 0;
      for (let l = 0; l < lanes; l++) {
        const e = Math.abs(got[l]!.spikes - ref[l]!.spikes) / Math.max(1, ref[l]!.spikes);
        worst = Math.max(worst, e);
        if (e > 0.01) outside++;
        totGot += got[l]!.spikes;
        totRef += ref[l]!.spikes;
      }
      const totalError = Math.abs(totGot - totRef) / Math.max(1, totRef);
      const allowed = lanes <= 100 ? 0 : Math.floor(0.01 * lanes);
      const ok = outside <= allowed && totalError <= 0.01 && got.every((g, l) => g.steps === ref[l]!.steps);
      if (!ok) failed = true;
      const rec = {
        case: c.name,
        lanes,
        worstRelativeSpikeError: worst,
        lanesOutside1Percent: outside,
        totalRelativeSpikeError: totalError,
        ok,
        truth_s: (t1 - t0) / 1000,
        webgpu_s: (t2 - t1) / 1000,
        spikes: ref.reduce((s, r) => s + r.spikes, 0),
      };
      records.push(rec);
      console.log(
        `${ok ? 'ok  ' : 'FAIL'} ${c.name}, ${lanes} lanes: lanes outside 1 %: ${outside}, worst ${(100 * worst).toFixed(3)} %, total ${(100 * totalError).toFixed(3)} % (truth ${rec.truth_s.toFixed(2)} s, webgpu ${rec.webgpu_s.toFixed(2)} s)`,
      );
    }
  }
}
if (jsonOut)
  writeFileSync(
    jsonOut,
    `${JSON.stringify({ version: VERSION, date: new Date().toISOString(), adapter: av.adapter ?? null, reason: av.reason, ok: !failed, records }, null, 1)}\n`,
  );
console.log(failed ? 'equivalence: FAILED' : 'equivalence: every case passed (>= 99 % of lanes and the total within 1 %)');
process.exitCode = failed ? 1 : 0;
