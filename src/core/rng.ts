/**
 * Seeded, forkable pseudo-random generator (xoshiro128**, seeded by SplitMix32).
 *
 * Every random choice in lsm-ser comes from an {@link Rng}. Components get their own child
 * generator with {@link Rng.fork}, keyed by a name, so adding a component never shifts the
 * numbers another component draws: `fork('excitation/W')` depends only on the root seed and
 * the path of names, not on how many numbers the parent has drawn.
 *
 * @module
 */

/** 32-bit FNV-1a hash of a string (UTF-16 code units). */
export function hashString32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A seeded pseudo-random generator. Not cryptographic. */
export class Rng {
  /** The root seed this generator descends from (an unsigned 32-bit integer). */
  readonly seed: number;
  /** The fork path from the root, e.g. `"excitation/W"` (empty for the root). */
  readonly path: string;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | null = null;

  /**
   * @param seed - any finite integer; it is reduced to an unsigned 32-bit value.
   * @param path - fork path; leave empty for a root generator.
   */
  constructor(seed: number, path = '') {
    if (typeof seed !== 'number' || !Number.isFinite(seed) || !Number.isInteger(seed)) {
      throw new RangeError(`Rng: seed must be a finite integer, got ${String(seed)}`);
    }
    this.seed = seed >>> 0;
    this.path = path;
    const st = { s: (this.seed ^ hashString32(path)) | 0 };
    // Mix path in twice so that paths differing only by a permutation do not collide trivially.
    st.s = (st.s + Math.imul(hashString32('#' + path), 0x27d4eb2d)) | 0;
    this.s0 = splitmix32(st) | 0;
    this.s1 = splitmix32(st) | 0;
    this.s2 = splitmix32(st) | 0;
    this.s3 = splitmix32(st) | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A child generator for the named component; independent of this generator's draws. */
  fork(name: string): Rng {
    if (typeof name !== 'string' || name.length === 0) {
      throw new TypeError('Rng.fork: name must be a non-empty string');
    }
    return new Rng(this.seed, this.path ? `${this.path}/${name}` : name);
  }

  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  random(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform double in [lo, hi). */
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.random();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`Rng.int: n must be a positive integer, got ${n}`);
    if (n <= 0x100000000) {
      // Rejection sampling for an unbiased result.
      const limit = Math.floor(0x100000000 / n) * n;
      for (;;) {
        const x = this.nextUint32();
        if (x < limit) return x % n;
      }
    }
    return Math.floor(this.random() * n);
  }

  /** Standard normal deviate (Marsaglia polar method). */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + std * z;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.random() - 1;
      v = 2 * this.random() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return mean + std * u * f;
  }

  /**
   * Gamma deviate with shape `k` > 0 and scale `theta` > 0 (mean k theta, variance k theta^2),
   * by Marsaglia & Tsang (2000), "A simple method for generating gamma variables"; for k < 1,
   * Gamma(k + 1) * U^(1/k).
   */
  gamma(k: number, theta = 1): number {
    if (!(k > 0) || !Number.isFinite(k)) throw new RangeError(`Rng.gamma: shape must be finite and > 0, got ${k}`);
    if (!(theta > 0) || !Number.isFinite(theta)) throw new RangeError(`Rng.gamma: scale must be finite and > 0, got ${theta}`);
    if (k < 1) {
      const g = this.gamma(k + 1, theta);
      let u = this.random();
      while (u === 0) u = this.random();
      return g * u ** (1 / k);
    }
    const d = k - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.random();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v * theta;
      if (u > 0 && Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * theta;
    }
  }

  /** Poisson deviate with mean `lambda` (Knuth for small lambda, PTRS otherwise). */
  poisson(lambda: number): number {
    if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`Rng.poisson: lambda must be >= 0, got ${lambda}`);
    if (lambda === 0) return 0;
    if (lambda < 30) {
      const L = Math.exp(-lambda);
      let k = 0;
      let p = 1;
      do {
        k++;
        p *= this.random();
      } while (p > L);
      return k - 1;
    }
    // Hormann's PTRS transformed rejection.
    const slam = Math.sqrt(lambda);
    const loglam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const U = this.random() - 0.5;
      const V = this.random();
      const us = 0.5 - Math.abs(U);
      const k = Math.floor(((2 * a) / us + b) * U + lambda + 0.43);
      if (us >= 0.07 && V <= vr) return k;
      if (k < 0 || (us < 0.013 && V > us)) continue;
      if (Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - lgamma(k + 1)) {
        return k;
      }
    }
  }

  /** Fisher-Yates shuffle in place; returns the array. */
  shuffle<T>(arr: T[] | Int32Array | Float64Array | Float32Array | Uint32Array): typeof arr {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = arr[i]!;
      arr[i] = arr[j]!;
      arr[j] = t as never;
    }
    return arr;
  }

  /** `k` distinct integers from [0, n), in the order drawn (partial Fisher-Yates). */
  sample(n: number, k: number): Int32Array {
    if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError(`Rng.sample: need 0 <= k <= n, got k=${k}, n=${n}`);
    const out = new Int32Array(k);
    if (k * 4 < n) {
      const seen = new Set<number>();
      let i = 0;
      while (i < k) {
        const x = this.int(n);
        if (!seen.has(x)) {
          seen.add(x);
          out[i++] = x;
        }
      }
      return out;
    }
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      const t = idx[i]!;
      idx[i] = idx[j]!;
      idx[j] = t;
      out[i] = idx[i]!;
    }
    return out;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** log Gamma(x) for x > 0 (Lanczos approximation, ~1e-14 relative). */
export function lgamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  x -= 1;
  let a = c[0]!;
  const t = x + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}
