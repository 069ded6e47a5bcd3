/**
 * Training-step cost of the deep baselines on TensorFlow.js backends: one Adam step on a batch
 * of 32 log-mel inputs (200 frames x 40 bands, the Emo-DB-2s size), per architecture, WASM vs
 * pure-JS CPU backend; prints ms per step and the ratio.
 *
 *   npx tsx bench/deep.ts [--steps 3] [--backends wasm,cpu] [--frames 200]
 */
import os from 'node:os';
import { loadTf, type TfBackend } from '../src/baselines/deep/tf.js';
import { Params } from '../src/baselines/deep/params.js';
import { DEEP_ARCHS, forward, TIME_REDUCTION } from '../src/baselines/deep/networks.js';
import { Rng } from '../src/core/rng.js';

const args = process.argv.slice(2);
const flag = (n: string) => {
  const i = args.indexOf(n);
  return i >= 0 ? args[i + 1] : undefined;
};
const steps = Number(flag('--steps') ?? 3);
const backends = (flag('--backends') ?? 'wasm,cpu').split(',') as TfBackend[];
const F = Number(flag('--frames') ?? 200);
const B = 32;
console.log(`# deep baselines: ms per training step (batch ${B} x ${F} frames x 40 bands), ${os.cpus()[0]?.model}, Node ${process.versions.node}`);
const table = new Map<string, Record<string, number>>();
for (const backend of backends) {
  const tf = await loadTf(backend);
  for (const arch of DEEP_ARCHS) {
    const rng = new Rng(1);
    const p = new Params(tf, rng);
    const x = tf.tensor4d(
      Float32Array.from({ length: B * F * 40 }, () => rng.normal()),
      [B, F, 40, 1],
    );
    const m = tf.ones([B, F / TIME_REDUCTION]);
    const y = tf.oneHot(
      tf.tensor1d(
        Array.from({ length: B }, (_, i) => i % 7),
        'int32',
      ),
      7,
    );
    tf.tidy(() => void forward(tf, p, arch, x, m, 7, 0, 0));
    const opt = tf.train.adam(1e-3);
    const step = (k: number) => opt.minimize(() => tf.losses.softmaxCrossEntropy(y, forward(tf, p, arch, x, m, 7, 0.3, k)) as never);
    step(0); // warm-up
    const t0 = performance.now();
    for (let k = 1; k <= steps; k++) step(k);
    const msPerStep = (performance.now() - t0) / steps;
    table.set(arch, { ...(table.get(arch) ?? {}), [backend]: msPerStep, params: p.count });
    console.log(`${arch.padEnd(14)} ${backend.padEnd(5)} ${msPerStep.toFixed(0).padStart(7)} ms/step  (${p.count} parameters)`);
    p.dispose();
    opt.dispose();
  }
}
if (backends.includes('wasm') && backends.includes('cpu'))
  for (const [arch, t] of table) console.log(`${arch}: cpu / wasm = ${(t.cpu! / t.wasm!).toFixed(1)}x`);
