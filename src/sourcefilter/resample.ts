/**
 * Band-limited resampling with a Kaiser-windowed sinc in polyphase form.
 *
 * For a rational ratio L/M (after dividing both rates by their gcd) the filter is tabulated
 * once per phase, so each output sample costs one dot product of `2 * zeroCrossings / min(1, L/M)`
 * taps. The cut-off is `rolloff` times the lower Nyquist frequency.
 *
 * @module
 */

/** Options of {@link resample}. */
export interface ResampleOptions {
  /** Zero crossings of the sinc on each side (filter half-length), default 16. */
  readonly zeroCrossings?: number;
  /** Cut-off as a fraction of the lower of the two Nyquist frequencies, default 0.9. */
  readonly rolloff?: number;
  /** Kaiser window beta, default 9 (~90 dB side lobes). */
  readonly beta?: number;
}

interface Plan {
  readonly L: number;
  readonly M: number;
  readonly taps: number;
  readonly half: number;
  readonly table: Float64Array; // L x taps
}

const planCache = new Map<string, Plan>();
/** Plans kept (the oldest is dropped first). */
const MAX_PLANS = 8;
/**
 * Largest polyphase table, in coefficients (64 MiB). With the default 16 zero crossings every
 * pair of integer rates in [4000, 192000] Hz fits (at most ~7 M: rates whose gcd is 1).
 */
const MAX_TABLE = 2 ** 23;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 50; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

function makePlan(fromRate: number, toRate: number, zc: number, rolloff: number, beta: number): Plan {
  const g = gcd(fromRate, toRate);
  const L = toRate / g;
  const M = fromRate / g;
  // Cut-off in cycles per input sample.
  const fc = (0.5 * rolloff * Math.min(fromRate, toRate)) / fromRate;
  const half = Math.ceil(zc / (2 * fc)); // half-length in input samples
  const taps = 2 * half;
  const table = new Float64Array(L * taps);
  const i0b = besselI0(beta);
  for (let p = 0; p < L; p++) {
    // Output sample n sits at input position t = n*M/L; phase p = (n*M) mod L, frac = p/L.
    const frac = p / L;
    for (let k = 0; k < taps; k++) {
      // tap k multiplies x[floor(t) - half + 1 + k]; distance d = t - index
      const d = frac + half - 1 - k;
      const r = d / half;
      let w = 0;
      if (Math.abs(r) < 1) w = besselI0(beta * Math.sqrt(1 - r * r)) / i0b;
      const xarg = 2 * fc * d;
      const sinc = xarg === 0 ? 1 : Math.sin(Math.PI * xarg) / (Math.PI * xarg);
      table[p * taps + k] = 2 * fc * sinc * w;
    }
  }
  return { L, M, taps, half, table };
}

/**
 * Resample `samples` from `fromRate` to `toRate` (both integer hertz). Returns a copy when
 * the rates are equal. Output length is `round(n * toRate / fromRate)`.
 */
export function resample(samples: Float64Array, fromRate: number, toRate: number, options: ResampleOptions = {}): Float64Array {
  for (const [name, v] of [
    ['fromRate', fromRate],
    ['toRate', toRate],
  ] as const) {
    if (!Number.isInteger(v) || v <= 0) throw new RangeError(`${name}: must be a positive integer (Hz), got ${v}`);
  }
  if (fromRate === toRate) return samples.slice();
  const zc = options.zeroCrossings ?? 16;
  const rolloff = options.rolloff ?? 0.9;
  const beta = options.beta ?? 9;
  if (!(zc >= 2 && zc <= 256)) throw new RangeError(`zeroCrossings: must be in [2, 256], got ${zc}`);
  if (!(rolloff > 0 && rolloff <= 1)) throw new RangeError(`rolloff: must be in (0, 1], got ${rolloff}`);
  if (!(beta >= 0 && beta <= 30)) throw new RangeError(`beta: must be in [0, 30], got ${beta}`);
  const key = `${fromRate}:${toRate}:${zc}:${rolloff}:${beta}`;
  let plan = planCache.get(key);
  if (!plan) {
    const g = gcd(fromRate, toRate);
    const fc = (0.5 * rolloff * Math.min(fromRate, toRate)) / fromRate;
    const size = (toRate / g) * 2 * Math.ceil(zc / (2 * fc));
    if (size > MAX_TABLE)
      throw new RangeError(
        `resample: ${fromRate} Hz -> ${toRate} Hz needs a polyphase table of ${size} coefficients (more than ${MAX_TABLE}); use fewer zeroCrossings or resample with another tool first`,
      );
    plan = makePlan(fromRate, toRate, zc, rolloff, beta);
    if (planCache.size >= MAX_PLANS) planCache.delete(planCache.keys().next().value!);
    planCache.set(key, plan);
  }
  const { L, M, taps, half, table } = plan;
  const n = samples.length;
  const outLen = Math.round((n * toRate) / fromRate);
  const out = new Float64Array(outLen);
  for (let j = 0; j < outLen; j++) {
    const pos = j * M;
    const base = Math.floor(pos / L);
    const p = pos - base * L;
    const start = base - half + 1;
    const row = p * taps;
    let acc = 0;
    if (start >= 0 && start + taps <= n) {
      // Four independent sums: the loop is bound by the latency of the additions otherwise.
      let a1 = 0,
        a2 = 0,
        a3 = 0;
      let k = 0;
      for (; k + 3 < taps; k += 4) {
        acc += samples[start + k]! * table[row + k]!;
        a1 += samples[start + k + 1]! * table[row + k + 1]!;
        a2 += samples[start + k + 2]! * table[row + k + 2]!;
        a3 += samples[start + k + 3]! * table[row + k + 3]!;
      }
      for (; k < taps; k++) acc += samples[start + k]! * table[row + k]!;
      acc += a1 + a2 + a3;
    } else {
      for (let k = 0; k < taps; k++) {
        const i = start + k;
        if (i >= 0 && i < n) acc += samples[i]! * table[row + k]!;
      }
    }
    out[j] = acc;
  }
  return out;
}
