/**
 * Jitter and shimmer for eGeMAPS (Eyben et al. 2016): within a 60-ms frame of known F0, the
 * waveform is cut into consecutive pitch periods at its peaks (see {@link framePerturbation});
 * local jitter is the mean absolute difference of consecutive period
 * lengths over the mean period; local shimmer S is the mean absolute difference of the peak
 * amplitudes of consecutive periods (the waveform at the period marks) over their mean, given
 * in dB as 20 log10(1 + S): the relation openSMILE's eGeMAPS outputs obey exactly (its
 * shimmerLocal and shimmerLocalDB of every frame, docs/features.md).
 *
 * @module
 */

/** Jitter and shimmer of one frame. */
export interface FramePerturbation {
  /** Local jitter, dimensionless (0 when fewer than 2 periods were found). */
  readonly jitter: number;
  /** Local shimmer, in dB: 20 log10(1 + mean |A_i - A_i-1| / mean A) (0 when fewer than 2 periods were found). */
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

/** Position of the largest `sign * x` in [lo, hi], refined by a parabola through its neighbours. */
function peakAt(x: Float64Array, lo: number, hi: number, sign: number): [number, number] {
  let bi = lo;
  for (let i = lo + 1; i <= hi; i++) if (sign * x[i]! > sign * x[bi]!) bi = i;
  const a = sign * (x[bi - 1] ?? 0);
  const b = sign * x[bi]!;
  const c = sign * (x[bi + 1] ?? 0);
  const den = a - 2 * b + c;
  // Only a true local maximum is refined (the offset then lies in [-0.5, 0.5]).
  return [den < 0 && a <= b && c <= b ? bi + (0.5 * (a - c)) / den : bi, b];
}

/**
 * Jitter and shimmer of `x[start, start + length)` with F0 `f0` hertz. Period marks are the
 * waveform peaks: the largest |sample| of the first period, then, period after period, the
 * largest sample of the same polarity within +-10 % of 1/F0 after the previous mark (refined by
 * a parabola); a period counts while the waveforms of consecutive periods correlate by >= 0.5.
 */
export function framePerturbation(x: Float64Array, sampleRate: number, start: number, length: number, f0: number): FramePerturbation {
  const T0 = sampleRate / f0;
  const end = Math.min(x.length, start + length);
  const n = Math.max(2, Math.round(0.9 * T0));
  let m = start;
  for (let i = start; i < Math.min(end, start + Math.round(T0)); i++) if (Math.abs(x[i]!) > Math.abs(x[m]!)) m = i;
  const sign = x[m]! >= 0 ? 1 : -1;
  const marks: number[] = [m];
  // Amplitude of each period: the waveform's value at its mark (its peak).
  const amps: number[] = [Math.abs(x[m]!)];
  while (true) {
    const prev = marks[marks.length - 1]!;
    const lo = Math.ceil(prev + 0.9 * T0);
    const hi = Math.floor(prev + 1.1 * T0);
    if (hi + 1 >= end) break;
    const [pos, amp] = peakAt(x, lo, hi, sign);
    const a = Math.round(prev);
    const b = Math.round(pos);
    if (!(pos > prev) || b + n > end || ncc(x, a, b, n) < MIN_CC) break;
    marks.push(pos);
    amps.push(Math.abs(amp));
  }
  const lens = marks.slice(1).map((v, i) => v - marks[i]!);
  if (lens.length < 2) return { jitter: 0, shimmerDb: 0, periods: lens.length };
  let dT = 0;
  let mT = 0;
  for (let i = 0; i < lens.length; i++) {
    mT += lens[i]!;
    if (i > 0) dT += Math.abs(lens[i]! - lens[i - 1]!);
  }
  mT /= lens.length;
  let dA = 0;
  let mA = amps[0]!;
  for (let i = 1; i < amps.length; i++) {
    dA += Math.abs(amps[i]! - amps[i - 1]!);
    mA += amps[i]!;
  }
  mA /= amps.length;
  const shimmer = mA > 0 ? dA / (amps.length - 1) / mA : 0;
  return { jitter: dT / (lens.length - 1) / mT, shimmerDb: 20 * Math.log10(1 + shimmer), periods: lens.length };
}
