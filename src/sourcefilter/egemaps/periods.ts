/**
 * Jitter and shimmer for eGeMAPS (Eyben et al. 2016): within a 60-ms frame of known F0, the
 * waveform is cut into consecutive pitch periods, each period's length found by maximizing
 * the normalized cross-correlation with the next period within +-10 % of 1/F0 (refined to a
 * fraction of a sample); local jitter is the mean absolute difference of consecutive period
 * lengths over the mean period, local shimmer the mean absolute difference, in dB, of the peak
 * amplitudes of consecutive periods.
 *
 * @module
 */

/** Jitter and shimmer of one frame. */
export interface FramePerturbation {
  /** Local jitter, dimensionless (0 when fewer than 2 periods were found). */
  readonly jitter: number;
  /** Local shimmer, in dB (0 when fewer than 2 periods were found). */
  readonly shimmerDb: number;
  /** Periods found. */
  readonly periods: number;
}

/** Minimum cross-correlation of consecutive periods. */
const MIN_CC = 0.5;

function ncc(x: Float64Array, a: number, b: number, n: number): number {
  let xy = 0;
  let xx = 0;
  let yy = 0;
  for (let i = 0; i < n; i++) {
    const u = x[a + i]!;
    const v = x[b + i]!;
    xy += u * v;
    xx += u * u;
    yy += v * v;
  }
  return xx > 0 && yy > 0 ? xy / Math.sqrt(xx * yy) : 0;
}

/**
 * Jitter and shimmer of `x[start, start + length)` with F0 `f0` hertz.
 */
export function framePerturbation(x: Float64Array, sampleRate: number, start: number, length: number, f0: number): FramePerturbation {
  const T0 = sampleRate / f0;
  const end = Math.min(x.length, start + length);
  const n = Math.round(T0);
  const lens: number[] = [];
  const amps: number[] = [];
  // Start at the largest |sample| of the first period, so periods run peak to peak.
  let p = start;
  let peak = 0;
  for (let i = start; i < Math.min(end, start + n); i++) {
    if (Math.abs(x[i]!) > peak) {
      peak = Math.abs(x[i]!);
      p = i;
    }
  }
  let pos = p;
  while (true) {
    const lo = Math.max(1, Math.floor(0.9 * T0));
    const hi = Math.ceil(1.1 * T0);
    if (Math.floor(pos) + hi + n + 1 > end) break;
    const a = Math.floor(pos);
    let bestL = 0;
    let bestC = -Infinity;
    const cc = new Float64Array(hi + 2);
    for (let L = lo - 1; L <= hi + 1; L++) cc[L] = ncc(x, a, a + L, n);
    for (let L = lo; L <= hi; L++) {
      if (cc[L]! > bestC) {
        bestC = cc[L]!;
        bestL = L;
      }
    }
    if (bestC < MIN_CC) break;
    const l = cc[bestL - 1]!;
    const r = cc[bestL + 1]!;
    const den = l - 2 * bestC + r;
    const T = den < 0 ? bestL + (0.5 * (l - r)) / den : bestL;
    let amp = 0;
    for (let i = a; i < a + bestL; i++) amp = Math.max(amp, Math.abs(x[i]!));
    lens.push(T);
    amps.push(amp);
    pos += T;
  }
  if (lens.length < 2) return { jitter: 0, shimmerDb: 0, periods: lens.length };
  let dT = 0;
  let mT = 0;
  let dA = 0;
  let nA = 0;
  for (let i = 0; i < lens.length; i++) {
    mT += lens[i]!;
    if (i > 0) {
      dT += Math.abs(lens[i]! - lens[i - 1]!);
      if (amps[i]! > 0 && amps[i - 1]! > 0) {
        dA += Math.abs(20 * Math.log10(amps[i]! / amps[i - 1]!));
        nA++;
      }
    }
  }
  mT /= lens.length;
  return { jitter: dT / (lens.length - 1) / mT, shimmerDb: nA > 0 ? dA / nA : 0, periods: lens.length };
}
