/**
 * Statistical functionals of one low-level-descriptor contour, in the style of the ComParE 2016
 * brute-force set (Schuller et al. 2016; Eyben, "Real-time Speech and Music Classification by
 * Large Audio Feature Space Extraction", 2016): moments, extremes and their positions,
 * percentiles and ranges, up-level and rise/fall times, linear and quadratic regression over
 * relative time, peak and valley statistics, rising and falling slopes, and a linear predictor
 * of the contour. Written from those definitions (not from openSMILE's source).
 *
 * @module
 */
import { levinson } from '../lpc.js';

/** Names of the functionals, in the order {@link contourFunctionals} writes them. */
export const FUNCTIONAL_NAMES: readonly string[] = Object.freeze([
  'mean',
  'stddev',
  'skewness',
  'kurtosis',
  'quadraticMean',
  'flatness',
  'min',
  'max',
  'range',
  'posMin',
  'posMax',
  'quartile1',
  'quartile2',
  'quartile3',
  'iqr1-2',
  'iqr2-3',
  'iqr1-3',
  'percentile1',
  'percentile99',
  'pctlrange1-99',
  'upleveltime25',
  'upleveltime50',
  'upleveltime75',
  'upleveltime90',
  'risetime',
  'falltime',
  'leftctime',
  'rightctime',
  'linregc1',
  'linregc2',
  'linregerrQ',
  'qregc1',
  'qregc2',
  'qregc3',
  'qregerrQ',
  'peakRate',
  'meanPeakDist',
  'peakDistStddev',
  'peakMean',
  'peakMeanRel',
  'valleyMean',
  'peakValleyRange',
  'meanRisingSlope',
  'stddevRisingSlope',
  'meanFallingSlope',
  'stddevFallingSlope',
  'lpgain',
  'lpc1',
  'lpc2',
  'lpc3',
  'lpc4',
  'lpc5',
  'temporalCentroid',
  'meanAbsDelta',
]);

/** Number of functionals per contour ({@link FUNCTIONAL_NAMES}' length). */
export const FUNCTIONAL_COUNT = FUNCTIONAL_NAMES.length;

/** Order of the linear predictor of the contour (`lpgain`, `lpc1`..`lpc5`). */
const LP_ORDER = 5;

/** Value at fraction `p` in [0, 1] of sorted values, linear interpolation between ranks. */
export function percentileSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const r = p * (n - 1);
  const lo = Math.floor(r);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (r - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Least-squares fit of y on the columns of a small design (normal equations, Gaussian elimination with pivoting). */
function leastSquares(cols: Float64Array[], y: Float64Array): Float64Array {
  const p = cols.length;
  const A = new Float64Array(p * (p + 1));
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let t = 0; t < y.length; t++) s += cols[i]![t]! * cols[j]![t]!;
      A[i * (p + 1) + j] = s;
    }
    let s = 0;
    for (let t = 0; t < y.length; t++) s += cols[i]![t]! * y[t]!;
    A[i * (p + 1) + p] = s;
  }
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(A[r * (p + 1) + c]!) > Math.abs(A[piv * (p + 1) + c]!)) piv = r;
    if (piv !== c)
      for (let j = 0; j <= p; j++) {
        const tmp = A[c * (p + 1) + j]!;
        A[c * (p + 1) + j] = A[piv * (p + 1) + j]!;
        A[piv * (p + 1) + j] = tmp;
      }
    const d = A[c * (p + 1) + c]!;
    if (Math.abs(d) < 1e-12) continue; // singular (too few frames): that coefficient stays 0
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = A[r * (p + 1) + c]! / d;
      for (let j = c; j <= p; j++) A[r * (p + 1) + j]! -= f * A[c * (p + 1) + j]!;
    }
  }
  const out = new Float64Array(p);
  for (let c = 0; c < p; c++) {
    const d = A[c * (p + 1) + c]!;
    out[c] = Math.abs(d) < 1e-12 ? 0 : A[c * (p + 1) + p]! / d;
  }
  return out;
}

function meanStd(v: readonly number[]): [number, number] {
  if (v.length === 0) return [0, 0];
  let m = 0;
  for (const x of v) m += x;
  m /= v.length;
  let s = 0;
  for (const x of v) s += (x - m) ** 2;
  return [m, Math.sqrt(s / v.length)];
}

/**
 * The {@link FUNCTIONAL_COUNT} functionals of contour `x` (one value per frame), written into
 * `out` at `offset`. `frameRate` (frames per second) converts frame counts into seconds for the
 * peak rate (peaks per second), peak distances (seconds) and slopes (units per second).
 * Definitions (n = frames, t = 0..n-1, u = t / (n - 1) the relative time in [0, 1]):
 * moments are population moments (`kurtosis` not excess; both 0 for a constant contour);
 * `flatness` = geometric / arithmetic mean of |x|; `posMin`/`posMax` = u of the first minimum /
 * maximum; percentiles interpolate linearly between ranks; `upleveltimeP` = fraction of frames
 * above min + P % of the range; `risetime`/`falltime` = fraction of the n-1 steps that rise / fall;
 * `leftctime`/`rightctime` = fraction of the n-2 second differences > 0 / < 0; `linregc1`,
 * `linregc2` = slope and offset of x = c1 u + c2, `linregerrQ` its mean squared error;
 * `qregc1..3` and `qregerrQ` likewise for x = c1 u^2 + c2 u + c3; peaks are local maxima
 * (x[t-1] < x[t] >= x[t+1]), valleys local minima; `peakMeanRel` = peak mean - mean;
 * rising / falling slopes run from each valley to the next peak / each peak to the next
 * valley; `lpgain` = prediction error / energy of an order-5 linear predictor of the centred
 * contour (autocorrelation method), `lpc1..5` its coefficients; `temporalCentroid` = sum u|x| /
 * sum |x|; `meanAbsDelta` = mean |x[t] - x[t-1]| per frame. A contour with no frames gives all
 * zeros; quantities undefined for short contours (no peaks, n < 3) are 0.
 */
export function contourFunctionals(x: Float64Array, frameRate: number, out: Float64Array, offset = 0): void {
  const n = x.length;
  const o = out.subarray(offset, offset + FUNCTIONAL_COUNT);
  o.fill(0);
  if (n === 0) return;
  let k = 0;
  const put = (v: number) => {
    o[k++] = Number.isFinite(v) ? v : 0;
  };
  // moments
  let mean = 0;
  for (let t = 0; t < n; t++) mean += x[t]!;
  mean /= n;
  let m2 = 0,
    m3 = 0,
    m4 = 0,
    sq = 0,
    absSum = 0,
    logAbs = 0;
  for (let t = 0; t < n; t++) {
    const d = x[t]! - mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
    sq += x[t]! * x[t]!;
    absSum += Math.abs(x[t]!);
    logAbs += Math.log(Math.abs(x[t]!) + 1e-30);
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const sd = Math.sqrt(m2);
  const constant = sd <= 1e-12 * Math.max(1, Math.abs(mean));
  put(mean);
  put(sd);
  put(constant ? 0 : m3 / sd ** 3);
  put(constant ? 0 : m4 / (m2 * m2));
  put(Math.sqrt(sq / n));
  put(absSum > 0 ? Math.exp(logAbs / n) / (absSum / n) : 0);
  // extremes
  let iMin = 0,
    iMax = 0;
  for (let t = 1; t < n; t++) {
    if (x[t]! < x[iMin]!) iMin = t;
    if (x[t]! > x[iMax]!) iMax = t;
  }
  const min = x[iMin]!;
  const max = x[iMax]!;
  const range = max - min;
  const rel = (t: number) => (n > 1 ? t / (n - 1) : 0);
  put(min);
  put(max);
  put(range);
  put(rel(iMin));
  put(rel(iMax));
  // percentiles
  const s = Float64Array.from(x).sort();
  const q1 = percentileSorted(s, 0.25);
  const q2 = percentileSorted(s, 0.5);
  const q3 = percentileSorted(s, 0.75);
  const p1 = percentileSorted(s, 0.01);
  const p99 = percentileSorted(s, 0.99);
  put(q1);
  put(q2);
  put(q3);
  put(q2 - q1);
  put(q3 - q2);
  put(q3 - q1);
  put(p1);
  put(p99);
  put(p99 - p1);
  // times
  for (const p of [0.25, 0.5, 0.75, 0.9]) {
    if (range <= 0) {
      put(0);
      continue;
    }
    const thr = min + p * range;
    let c = 0;
    for (let t = 0; t < n; t++) if (x[t]! > thr) c++;
    put(c / n);
  }
  let rise = 0,
    fall = 0,
    left = 0,
    right = 0,
    absDelta = 0;
  for (let t = 1; t < n; t++) {
    const d = x[t]! - x[t - 1]!;
    if (d > 0) rise++;
    else if (d < 0) fall++;
    absDelta += Math.abs(d);
    if (t >= 2) {
      const c = x[t]! - 2 * x[t - 1]! + x[t - 2]!;
      if (c > 0) left++;
      else if (c < 0) right++;
    }
  }
  put(n > 1 ? rise / (n - 1) : 0);
  put(n > 1 ? fall / (n - 1) : 0);
  put(n > 2 ? left / (n - 2) : 0);
  put(n > 2 ? right / (n - 2) : 0);
  // regressions over relative time
  const u = Float64Array.from({ length: n }, (_, t) => rel(t));
  const ones = new Float64Array(n).fill(1);
  const u2 = u.map((v) => v * v);
  const lin = n > 1 ? leastSquares([u, ones], x) : Float64Array.of(0, mean);
  const quad = n > 2 ? leastSquares([u2, u, ones], x) : Float64Array.of(0, lin[0]!, lin[1]!);
  let eLin = 0,
    eQuad = 0;
  for (let t = 0; t < n; t++) {
    eLin += (x[t]! - lin[0]! * u[t]! - lin[1]!) ** 2;
    eQuad += (x[t]! - quad[0]! * u2[t]! - quad[1]! * u[t]! - quad[2]!) ** 2;
  }
  put(lin[0]!);
  put(lin[1]!);
  put(eLin / n);
  put(quad[0]!);
  put(quad[1]!);
  put(quad[2]!);
  put(eQuad / n);
  // peaks and valleys
  const peaks: number[] = [];
  const valleys: number[] = [];
  for (let t = 1; t + 1 < n; t++) {
    if (x[t]! > x[t - 1]! && x[t]! >= x[t + 1]!) peaks.push(t);
    else if (x[t]! < x[t - 1]! && x[t]! <= x[t + 1]!) valleys.push(t);
  }
  const dist = peaks.slice(1).map((p, i) => (p - peaks[i]!) / frameRate);
  const [dm, ds] = meanStd(dist);
  const [pm] = meanStd(peaks.map((t) => x[t]!));
  const [vm] = meanStd(valleys.map((t) => x[t]!));
  put(peaks.length / (n / frameRate));
  put(dm);
  put(ds);
  put(peaks.length ? pm : 0);
  put(peaks.length ? pm - mean : 0);
  put(valleys.length ? vm : 0);
  put(peaks.length && valleys.length ? pm - vm : 0);
  const rising: number[] = [];
  const falling: number[] = [];
  const ext = [...peaks.map((t) => ({ t, peak: true })), ...valleys.map((t) => ({ t, peak: false }))].sort((a, b) => a.t - b.t);
  for (let i = 1; i < ext.length; i++) {
    const a = ext[i - 1]!;
    const b = ext[i]!;
    if (a.peak === b.peak) continue;
    const slope = ((x[b.t]! - x[a.t]!) * frameRate) / (b.t - a.t);
    (b.peak ? rising : falling).push(slope);
  }
  const [rm, rs] = meanStd(rising);
  const [fm, fs] = meanStd(falling);
  put(rm);
  put(rs);
  put(fm);
  put(fs);
  // linear predictor of the centred contour
  const r = new Float64Array(LP_ORDER + 1);
  for (let lag = 0; lag <= LP_ORDER; lag++) {
    let acc = 0;
    for (let t = lag; t < n; t++) acc += (x[t]! - mean) * (x[t - lag]! - mean);
    r[lag] = acc;
  }
  const lp = levinson(r, LP_ORDER);
  put(r[0]! > 0 ? lp.error / r[0]! : 0);
  for (let i = 1; i <= LP_ORDER; i++) put(lp.a[i]!);
  put(absSum > 0 ? x.reduce((acc, v, t) => acc + rel(t) * Math.abs(v), 0) / absSum : 0);
  put(n > 1 ? absDelta / (n - 1) : 0);
}
