/**
 * Import of a network exported by `../shared/peers/netgen.py` (`meta.json` plus raw
 * little-endian arrays), the engine's correctness anchor against Brian2 and numpy.
 *
 * The network keeps netgen's units (ms, mV) by default so that the arithmetic, and hence the
 * spike counts, match the peers bit for bit; `units: 'si'` converts to seconds and volts.
 *
 * @module
 */
import { readFileSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { LsmSerError } from '../core/errors.js';
import type { SpikeInput } from './input.js';
import type { InputCoupling, LifNetwork } from './network.js';
import { toCsr } from './network.js';

/** A netgen export, ready to simulate. */
export interface NetgenImport {
  readonly network: LifNetwork;
  readonly coupling: InputCoupling;
  /** The input spikes on netgen's dt grid (time = step * dt, seconds). */
  readonly input: SpikeInput;
  /** The time step the export was binned for, in seconds. */
  readonly dt: number;
  /** Simulated duration, in seconds. */
  readonly duration: number;
  /** The parsed meta.json. */
  readonly meta: Record<string, unknown>;
}

interface FileMeta {
  file: string;
  dtype: string;
  length: number;
}

/** The arrays of an export, the dtype netgen writes each with. */
const DTYPES = {
  pre: '<i4',
  post: '<i4',
  w: '<f8',
  Ib: '<f8',
  v0: '<f8',
  ref: '<f8',
  in_pre: '<i4',
  in_post: '<i4',
  in_w: '<f8',
  in_step: '<i4',
  in_chan: '<i4',
} as const;

function readArray(dir: string, name: keyof typeof DTYPES, files: Record<string, FileMeta>): Int32Array | Float64Array {
  const m = files[name];
  const metaPath = join(dir, 'meta.json');
  if (!m || typeof m !== 'object') throw new LsmSerError(`${metaPath}: no entry for "${name}" in files`);
  if (typeof m.file !== 'string' || !Number.isInteger(m.length) || m.length < 0)
    throw new LsmSerError(`${metaPath}: files.${name} needs a file name and a length, got ${JSON.stringify(m)}`);
  if (m.dtype !== DTYPES[name]) throw new LsmSerError(`${metaPath}: files.${name} has dtype ${JSON.stringify(m.dtype)}, netgen writes ${DTYPES[name]}`);
  const path = join(dir, m.file);
  const size = (m.dtype === '<i4' ? 4 : m.dtype === '<f8' ? 8 : 0) * m.length;
  if (size === 0 && m.length !== 0) throw new LsmSerError(`${path}: unsupported dtype ${m.dtype}`);
  let st: Stats;
  try {
    st = statSync(path);
  } catch {
    throw new LsmSerError(`${path}: missing (listed in meta.json)`);
  }
  if (st.size !== size) throw new LsmSerError(`${path}: ${st.size} bytes, meta.json says ${m.length} x ${m.dtype} = ${size} bytes`);
  const buf = readFileSync(path);
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  return m.dtype === '<i4' ? new Int32Array(ab) : new Float64Array(ab);
}

/** Load a netgen export from `dir`. */
export function loadNetgenNetwork(dir: string, options: { units?: 'native' | 'si' } = {}): NetgenImport {
  const metaPath = join(dir, 'meta.json');
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new LsmSerError(`${metaPath}: cannot read netgen meta.json (${(e as Error).message})`, { cause: e });
  }
  if (!meta || typeof meta !== 'object' || Array.isArray(meta)) throw new LsmSerError(`${metaPath}: not a netgen meta.json (expected an object)`);
  const num = (k: string): number => {
    const v = meta[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new LsmSerError(`${metaPath}: field "${k}" missing or not a number`);
    return v;
  };
  const files = meta.files as Record<string, FileMeta> | undefined;
  if (!files || typeof files !== 'object') throw new LsmSerError(`${metaPath}: field "files" missing`);
  const N = num('N');
  const NE = num('NE');
  const dtMs = num('dt_ms');
  const TMs = num('T_ms');
  const nIn = num('n_in');
  const pre = readArray(dir, 'pre', files) as Int32Array;
  const post = readArray(dir, 'post', files) as Int32Array;
  const w = readArray(dir, 'w', files) as Float64Array;
  const Ib = readArray(dir, 'Ib', files) as Float64Array;
  const v0 = readArray(dir, 'v0', files) as Float64Array;
  const ref = readArray(dir, 'ref', files) as Float64Array;
  const inPre = readArray(dir, 'in_pre', files) as Int32Array;
  const inPost = readArray(dir, 'in_post', files) as Int32Array;
  const inW = readArray(dir, 'in_w', files) as Float64Array;
  const inStep = readArray(dir, 'in_step', files) as Int32Array;
  const inChan = readArray(dir, 'in_chan', files) as Int32Array;
  const count = (k: string, v: number, min: number): void => {
    if (!Number.isInteger(v) || v < min) throw new LsmSerError(`${metaPath}: field "${k}" must be a whole number >= ${min}, got ${v}`);
  };
  count('N', N, 1);
  count('NE', NE, 0);
  count('n_in', nIn, 0);
  if (NE > N) throw new LsmSerError(`${metaPath}: NE = ${NE} exceeds N = ${N}`);
  const same = (names: string, arrays: ArrayLike<number>[], n: number | null): void => {
    const len = n ?? arrays[0]!.length;
    if (arrays.some((a) => a.length !== len))
      throw new LsmSerError(`${dir}: ${names} must have ${n === null ? 'the same length' : `${n} values`} (got ${arrays.map((a) => a.length).join(', ')})`);
  };
  same('pre, post, w', [pre, post, w], null);
  same('Ib, v0, ref', [Ib, v0, ref], N);
  same('in_pre, in_post, in_w', [inPre, inPost, inW], null);
  same('in_step, in_chan', [inStep, inChan], null);
  const inRange = (name: string, a: Int32Array, n: number): void => {
    for (let k = 0; k < a.length; k++)
      if (!(a[k]! >= 0 && a[k]! < n)) throw new LsmSerError(`${join(dir, files[name]!.file)}: ${name}[${k}] = ${a[k]} is outside [0, ${n})`);
  };
  inRange('pre', pre, N);
  inRange('post', post, N);
  inRange('in_pre', inPre, nIn);
  inRange('in_post', inPost, N);
  inRange('in_chan', inChan, nIn);
  inRange('in_step', inStep, Math.max(1, Math.round(TMs / dtMs)));
  const si = options.units === 'si';
  const tS = si ? 1e-3 : 1; // time scale applied to ms values
  const vS = si ? 1e-3 : 1;
  const scale = (a: Float64Array, s: number) => (s === 1 ? a : Float64Array.from(a, (x) => x * s));
  const csr = toCsr(N, pre, post, [w]);
  const network: LifNetwork = {
    n: N,
    nExc: NE,
    tauMem: num('tau_m') * tS,
    tauExc: num('tau_e') * tS,
    tauInh: num('tau_i') * tS,
    vThresh: num('v_th') * vS,
    vReset: num('v_reset') * vS,
    bias: scale(Ib, vS),
    v0: scale(v0, vS),
    refractory: scale(ref, tS),
    rowPtr: csr.rowPtr,
    post: csr.post,
    weight: scale(csr.values[0]!, vS),
    delay: null,
    stp: null,
    units: si ? { time: 1, voltage: 1 } : { time: 1e-3, voltage: 1e-3 },
  };
  const inCsr = toCsr(nIn, inPre, inPost, [inW]);
  const coupling: InputCoupling = { kind: 'synapse', channels: nIn, rowPtr: inCsr.rowPtr, post: inCsr.post, weight: scale(inCsr.values[0]!, vS) };
  const dt = dtMs * 1e-3;
  // Times in the middle of their step so that floor(t / dt) gives the step back exactly.
  const times = Float64Array.from(inStep, (s) => (s + 0.5) * dt);
  const input: SpikeInput = { kind: 'spikes', times, channels: Int32Array.from(inChan), nChannels: nIn, duration: TMs * 1e-3 };
  return { network, coupling, input, dt, duration: TMs * 1e-3, meta };
}
