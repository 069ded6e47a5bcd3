/**
 * Loading TensorFlow.js for the deep baselines: the package is imported lazily (only runs that
 * train a deep model pay its load time), with the WASM backend (its .wasm files ship in the npm
 * package and are read from node_modules: nothing is downloaded) or the pure-JS CPU backend.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { BackendUnavailableError } from '../../core/errors.js';

/** The tfjs module type. */
export type Tf = typeof import('@tensorflow/tfjs');

/** TensorFlow.js backends usable here. */
export type TfBackend = 'wasm' | 'cpu';

let loaded: { tf: Tf; backend: TfBackend } | null = null;

/**
 * TensorFlow.js with `backend` active ('wasm' by default: 13-17x faster than 'cpu' per training
 * step of these models on this machine, bench/results/deep.md). Throws {@link BackendUnavailableError} when it cannot start.
 */
export async function loadTf(backend: TfBackend = 'wasm'): Promise<Tf> {
  if (loaded?.backend === backend) return loaded.tf;
  const tf = loaded?.tf ?? (await import('@tensorflow/tfjs'));
  tf.env().set('PROD', true); // no "install tfjs-node" banner, no debug checks
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    wasm.setWasmPaths(`${dir}/`);
  }
  let ok = false;
  try {
    ok = await tf.setBackend(backend);
    await tf.ready();
  } catch (e) {
    throw new BackendUnavailableError(`TensorFlow.js backend "${backend}" did not start: ${(e as Error).message}`);
  }
  if (!ok) throw new BackendUnavailableError(`TensorFlow.js backend "${backend}" did not start`);
  loaded = { tf, backend };
  return tf;
}
