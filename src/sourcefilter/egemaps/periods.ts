/**
 * Jitter and shimmer for eGeMAPS (Eyben et al. 2016): within a 60-ms frame of known F0, the
 * waveform is cut into consecutive pitch periods at its peaks (see {@link framePerturbation});
 * local jitter is the mean absolute difference of consecutive period
 * lengths over the mean period; local shimmer S is the mean absolute difference of the peak
 * amplitudes of consecutive periods (the waveform at the period marks) over their mean, given
 * in dB as 20 log10(1 + S): the relation openSMILE's eGeMAPS outputs obey exactly (its
 * shimmerLocal and shimmerLocalDB of every frame, docs/features.md).
 *
 * Two ways to find the periods: {@link framePerturbation} cuts each 60-ms frame on its own
 * (the default of `egemapsLlds`); {@link trackedPerturbation} follows one chain of periods
 * through the whole signal, with period lengths from the cross-correlation of consecutive
 * periods, and gives each 10-ms frame the periods found since the previous one (closer to
 * openSMILE's frame values; measured in docs/features.md).
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
  return { jitter: relativeMeanStep(lens), shimmerDb: toDb(relativeMeanStep(amps)), periods: lens.length };
}

/**
 * Mean absolute difference of consecutive values over their mean (>= 2 values; 0 for a zero
 * mean): local jitter of period lengths, local shimmer S of period amplitudes.
 */
function relativeMeanStep(v: readonly number[]): number {
  let d = 0;
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    m += v[i]!;
    if (i > 0) d += Math.abs(v[i]! - v[i - 1]!);
  }
  m /= v.length;
  return m > 0 ? d / (v.length - 1) / m : 0;
}

/** Shimmer S in dB as openSMILE reports it: 20 log10(1 + S). */
const toDb = (shimmer: number): number => 20 * Math.log10(1 + shimmer);

/** Jitter and shimmer of every frame of a signal, from {@link trackedPerturbation}. */
export interface TrackedPerturbation {
  /** Local jitter per frame, dimensionless (0 where unvoiced or before a chain has 2 periods). */
  readonly jitter: Float64Array;
  /** Local shimmer per frame, in dB (20 log10(1 + S), as {@link FramePerturbation.shimmerDb}). */
  readonly shimmerDb: Float64Array;
  /** Periods that ended in each frame (0: the frame repeats its predecessor's values). */
  readonly periods: Int32Array;
}

/**
 * Jitter and shimmer from one chain of pitch periods followed through the whole signal `x`
 * (`sampleRate` hertz), given F0 per frame (`f0`, hertz, 0 = unvoiced; frame `f` covers the
 * samples from `f * hop` on):
 * - a chain starts in a voiced frame at its largest |sample| within the first period;
 * - each next period's length T is the integer lag within +-10 % of 1/F0 (the F0 of the frame
 *   the period starts in) that maximizes the normalized cross-correlation of the
 *   round(0.9 / F0) samples from the current mark with those T later (a window no longer than
 *   the shortest period searched, so it holds one pulse), refined by a parabola through the
 *   neighbouring lags; its amplitude is the largest |sample| within a quarter period of its
 *   start mark (the marks stay on the waveform's peaks: the chain starts on one);
 * - a period whose best correlation is below 0.5 is skipped (the mark moves on by 1/F0) and
 *   breaks the chain; an unvoiced frame ends it;
 * - frame f takes the periods ending before `(f + 1) * hop`, together with the chain's previous
 *   period: with >= 2 periods, local jitter (mean |T_i - T_i-1| / mean T) and shimmer
 *   (20 log10(1 + mean |A_i - A_i-1| / mean A)); with fewer, the frame repeats the previous
 *   frame's values (0 after an unvoiced frame).
 * Values are statistics of the 1-3 periods of each 10-ms frame, so they vary more from frame to
 * frame than {@link framePerturbation}'s over a 60-ms window.
 */
export function trackedPerturbation(x: Float64Array, sampleRate: number, f0: ArrayLike<number>, hop: number): TrackedPerturbation {
  if (!(hop >= 1) || !Number.isInteger(hop)) throw new RangeError(`trackedPerturbation: hop must be a positive integer, got ${hop}`);
  const F = f0.length;
  const jitter = new Float64Array(F);
  const shimmerDb = new Float64Array(F);
  const periods = new Int32Array(F);
  let m = -1; // current mark (sample, fractional); -1: no chain
  let lastT = 0;
  let lastA = 0;
  let haveLast = false;
  let heldJ = 0;
  let heldS = 0;
  const Ts: number[] = [];
  const As: number[] = [];
  const cc: number[] = [];
  for (let f = 0; f < F; f++) {
    const fz = f0[f]!;
    if (!(fz > 0)) {
      m = -1;
      haveLast = false;
      heldJ = 0;
      heldS = 0;
      continue;
    }
    const T0 = sampleRate / fz;
    const L = Math.max(2, Math.round(0.9 * T0));
    const lo = Math.max(1, Math.floor(0.9 * T0));
    const hi = Math.ceil(1.1 * T0);
    const frameEnd = (f + 1) * hop;
    if (m < 0) {
      const s = f * hop;
      let bi = Math.min(s, x.length - 1);
      for (let i = s; i < Math.min(x.length, s + L); i++) if (Math.abs(x[i]!) > Math.abs(x[bi]!)) bi = i;
      m = bi;
      haveLast = false;
    }
    Ts.length = 0;
    As.length = 0;
    if (haveLast) {
      Ts.push(lastT);
      As.push(lastA);
    }
    let found = 0;
    let ended = false;
    while (m + T0 <= frameEnd) {
      const mi = Math.round(m);
      if (mi + hi + L > x.length) {
        ended = true;
        break;
      }
      cc.length = 0;
      let best = -2;
      let bT = lo;
      for (let T = lo; T <= hi; T++) {
        const c = ncc(x, mi, mi + T, L);
        cc.push(c);
        if (c > best) {
          best = c;
          bT = T;
        }
      }
      if (best < MIN_CC) {
        m += T0;
        Ts.length = 0;
        As.length = 0;
        continue;
      }
      let T = bT;
      const k = bT - lo;
      if (k > 0 && k < cc.length - 1) {
        const a = cc[k - 1]!;
        const b = cc[k]!;
        const c = cc[k + 1]!;
        const den = a - 2 * b + c;
        if (den < 0) T = bT + (0.5 * (a - c)) / den;
      }
      // the amplitude of the period that starts at the mark: the waveform's peak near the mark
      let A = 0;
      for (let i = Math.max(0, Math.round(m - 0.25 * T)); i <= Math.min(x.length - 1, Math.round(m + 0.25 * T)); i++) A = Math.max(A, Math.abs(x[i]!));
      Ts.push(T);
      As.push(A);
      found++;
      m += T;
    }
    periods[f] = found;
    if (Ts.length >= 2) {
      heldJ = relativeMeanStep(Ts);
      heldS = toDb(relativeMeanStep(As));
    }
    jitter[f] = heldJ;
    shimmerDb[f] = heldS;
    if (ended) {
      m = -1;
      haveLast = false;
    } else if (Ts.length >= 1) {
      lastT = Ts[Ts.length - 1]!;
      lastA = As[As.length - 1]!;
      haveLast = true;
    } else haveLast = false;
  }
  return { jitter, shimmerDb, periods };
}
