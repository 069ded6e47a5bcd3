/**
 * The CPU backend's WebAssembly kernel (AssemblyScript source; compiled by
 * `npm run build:wasm` into src/lsm/backends/lif-kernel-wasm.ts). It runs the same step as the
 * JavaScript loop in src/lsm/backends/cpu.ts, with the same arithmetic in the same order, so the
 * two give bit-identical spikes, counts and traces in f32 and f64:
 *  - the state update is vectorized (128-bit SIMD) over the flat neuron-major index
 *    j = neuron * lanes + lane; in f32 mode values are stored as f32 and computed in f64,
 *    exactly as JavaScript computes with Float32Array elements;
 *  - spikes propagate event by event (one synapse row per spiking neuron and lane), recurrent
 *    first, then the input spikes of the step;
 *  - reset, refractory period, spike counts and the lazily decayed readout traces follow.
 *  - every readout interval, the traces are sampled into an output block;
 *  - at analog frame boundaries, a lane's drive Ib is set to bias + coupled input.
 * The JavaScript side owns the memory layout (byte offsets passed to the set* functions).
 */

// ---- layout (byte offsets into the imported memory), set by setup() ----
let N: i32 = 0; // neurons
let L: i32 = 0; // lanes
let NLp: i32 = 0; // N * L rounded up to a multiple of 4
let R: i32 = 1; // ring slots (max delay in steps + 1)
let hasRing: bool = false;
let flushEvery: i32 = 1;
let pV: usize = 0; // T[NLp]
let pIe: usize = 0; // T[NLp]
let pIi: usize = 0; // T[NLp]
let pIb: usize = 0; // T[NLp]
let pTr: usize = 0; // T[NLp]
let pRef: usize = 0; // i32[NLp] step until which the neuron is refractory (padding: never ends)
let pTrLast: usize = 0; // i32[NLp]
let pCounts: usize = 0; // i32[NLp]
let pRefSteps: usize = 0; // i32[N]
let pLaneSteps: usize = 0; // i32[L]
let pSpk: usize = 0; // i32[NLp] this step's spikes (flat index j, increasing)
let pRowPtr: usize = 0; // i32[N + 1]
let pPost: usize = 0; // i32[M]
let pW: usize = 0; // T[M]
let pTgt: usize = 0; // u32[M] byte offset of the target's current at lane 0 from pIe (Ii follows Ie)
let pDelay: usize = 0; // i32[M] delay in steps (ring only)
let pRing: usize = 0; // T[R * 2 * NLp]: slot s holds Ie at 2s NLp, Ii at (2s + 1) NLp
let pDecay: usize = 0; // f64[steps + 1] exp(-k dt / tau_readout)
let pInPtr: usize = 0; // i32[steps + 1] input spikes of each step (CSR)
let pInLane: usize = 0; // i32[E]
let pInChan: usize = 0; // i32[E]
let pCRow: usize = 0; // i32[C + 1] input coupling rows
let pCPost: usize = 0; // i32[K]
let pCW: usize = 0; // f64[K]
let pOut: usize = 0; // f32[L * maxSamples * N] sampled traces, lane by lane, samples x N
let pLaneSamples: usize = 0; // i32[L]
let sampleEvery: i32 = 1;
let maxSamples: i32 = 0;
let pBias: usize = 0; // f64[N] background current
let pAStep: usize = 0; // f64[L] steps per analog frame (0: not an analog lane)
let pAFrames: usize = 0; // i32[L] frames of each analog lane
let pAData: usize = 0; // u32[L] byte offset of each analog lane's f32 frames x channels
let pCurFrame: usize = 0; // i32[L] current frame (-1 before the first, -2 past the end)
let aChannels: i32 = 0; // analog channels (0: no analog drive)
let pNewFrame: usize = 0; // i32[L] scratch: each lane's frame at this step
let pXcol: usize = 0; // f64[L] scratch: one channel's value in every lane
let em: f64 = 0;
let ee: f64 = 0;
let ei: f64 = 0;
let ce: f64 = 0;
let ci: f64 = 0;
let vth: f64 = 0;
let vreset: f64 = 0;
// ---- neuron-model additions (src/lsm/backends/cpu-neuron.ts), set by setNeurons() ----
let featured: bool = false; // per-neuron constants (update64f / update32f instead of update64 / update32)
let adapt: bool = false; // adaptive threshold
let noisy: bool = false; // background noise (std != 0)
let pKem: usize = 0; // f64[NLp] per-element propagator constants (neuron i's at every lane of i)
let pKee: usize = 0;
let pKei: usize = 0;
let pKce: usize = 0;
let pKci: usize = 0;
let pKea: usize = 0; // f64[NLp] exp(-dt / tau_a)
let pA: usize = 0; // T[NLp] adaptation variable a
let pInc: usize = 0; // f64[N] threshold increment per spike
let pNoise: usize = 0; // f64[NLp] scratch: std * z of this step
let noiseStd: f64 = 0;
let noiseSeed: u32 = 0;
let firstLane: u32 = 0; // the run's index of lane 0

/** Sizes and constants. */
export function setup(n: i32, lanes: i32, nlp: i32, ring: i32, flush: i32, em_: f64, ee_: f64, ei_: f64, ce_: f64, ci_: f64, vth_: f64, vreset_: f64): void {
  N = n;
  L = lanes;
  NLp = nlp;
  R = ring;
  hasRing = ring > 1;
  flushEvery = flush;
  em = em_;
  ee = ee_;
  ei = ei_;
  ce = ce_;
  ci = ci_;
  vth = vth_;
  vreset = vreset_;
}

/** Byte offsets of the state arrays. */
export function setState(v: usize, ie: usize, ii: usize, ib: usize, tr: usize, ref: usize, trLast: usize, counts: usize, refSteps: usize, laneSteps: usize, spk: usize, decay: usize): void {
  pV = v;
  pIe = ie;
  pIi = ii;
  pIb = ib;
  pTr = tr;
  pRef = ref;
  pTrLast = trLast;
  pCounts = counts;
  pRefSteps = refSteps;
  pLaneSteps = laneSteps;
  pSpk = spk;
  pDecay = decay;
}

/**
 * Neuron-model additions: `on` 0 = plain LIF (the other arguments are ignored). Per-element
 * constants (f64[NLp]), the adaptation state (T[NLp], zero at start) and increments (f64[N]),
 * the noise scratch (f64[NLp]) and the noise's std (0 = none), seed and first lane.
 */
export function setNeurons(on: i32, kem: usize, kee: usize, kei: usize, kce: usize, kci: usize, kea: usize, a: usize, inc: usize, noise: usize, std: f64, seed: u32, lane0: u32): void {
  featured = on != 0;
  adapt = on != 0 && a != 0;
  noisy = on != 0 && std != 0;
  pKem = kem;
  pKee = kee;
  pKei = kei;
  pKce = kce;
  pKci = kci;
  pKea = kea;
  pA = a;
  pInc = inc;
  pNoise = noise;
  noiseStd = std;
  noiseSeed = seed;
  firstLane = lane0;
}

/** Readout sampling: every `every` steps into `out` (f32, lane by lane, samples x N). */
export function setSampling(out: usize, laneSamples: usize, every: i32, maxS: i32): void {
  pOut = out;
  pLaneSamples = laneSamples;
  sampleEvery = every;
  maxSamples = maxS;
}

/** Analog drive (see driveAnalog); `channels` 0 switches it off. */
export function setAnalog(bias: usize, aStep: usize, aFrames: usize, aData: usize, curFrame: usize, channels: i32, newFrame: usize, xcol: usize): void {
  pNewFrame = newFrame;
  pXcol = xcol;
  pBias = bias;
  pAStep = aStep;
  pAFrames = aFrames;
  pAData = aData;
  pCurFrame = curFrame;
  aChannels = channels;
}

/** Byte offsets of the synapse and input arrays (0 where absent). */
export function setSynapses(rowPtr: usize, post: usize, w: usize, tgt: usize, delay: usize, ring: usize, inPtr: usize, inLane: usize, inChan: usize, cRow: usize, cPost: usize, cW: usize): void {
  pRowPtr = rowPtr;
  pPost = post;
  pW = w;
  pTgt = tgt;
  pDelay = delay;
  pRing = ring;
  pInPtr = inPtr;
  pInLane = inLane;
  pInChan = inChan;
  pCRow = cRow;
  pCPost = cPost;
  pCW = cW;
}

// ---- analog drive (refreshAnalogDrive in lane-schedule.ts) ----
/**
 * At frame boundaries, Ib of the lane = bias + coupled input of its new frame (bias only past
 * the end of its input or of the lane); the same f64 arithmetic as the JavaScript version.
 * From 4 lanes on, when any lane's frame changes, every lane's drive is recomputed (an
 * unchanged lane gets the same value again), one synapse at a time for all lanes together,
 * vectorized over the lanes (a zero input adds w * 0, which changes nothing).
 */
// @ts-ignore: decorator
@inline function driveAnalog<T>(step: i32): void {
  const sz: usize = sizeof<T>();
  let any = false;
  for (let l: i32 = 0; l < L; l++) {
    const l4: usize = (<usize>l) << 2;
    const ff = Math.floor((<f64>step + 1e-9) / load<f64>(pAStep + ((<usize>l) << 3)));
    const f: i32 = ff >= <f64>load<i32>(pAFrames + l4) || step >= load<i32>(pLaneSteps + l4) ? -2 : <i32>ff;
    store<i32>(pNewFrame + l4, f);
    if (f != load<i32>(pCurFrame + l4)) any = true;
  }
  if (!any) return;
  if (L >= 4) {
    for (let l: i32 = 0; l < L; l++) store<i32>(pCurFrame + ((<usize>l) << 2), load<i32>(pNewFrame + ((<usize>l) << 2)));
    for (let i: i32 = 0; i < N; i++) {
      const b = <T>load<f64>(pBias + ((<usize>i) << 3));
      const row = pIb + (<usize>(i * L)) * sz;
      for (let l: i32 = 0; l < L; l++) store<T>(row + (<usize>l) * sz, b);
    }
    for (let c: i32 = 0; c < aChannels; c++) {
      let nz = false;
      for (let l: i32 = 0; l < L; l++) {
        const f = load<i32>(pNewFrame + ((<usize>l) << 2));
        const x: f64 = f >= 0 ? <f64>load<f32>((<usize>load<u32>(pAData + ((<usize>l) << 2))) + ((<usize>(f * aChannels + c)) << 2)) : 0;
        store<f64>(pXcol + ((<usize>l) << 3), x);
        if (x != 0) nz = true;
      }
      if (!nz) continue;
      const k0 = load<i32>(pCRow + ((<usize>c) << 2));
      const k1 = load<i32>(pCRow + ((<usize>c) << 2), 4);
      for (let k: i32 = k0; k < k1; k++) {
        const w = load<f64>(pCW + ((<usize>k) << 3));
        const wv = f64x2.splat(w);
        const row = pIb + (<usize>(load<i32>(pCPost + ((<usize>k) << 2)) * L)) * sz;
        let l: i32 = 0;
        if (sz == 4) {
          for (; l + 4 <= L; l += 4) {
            const a = row + ((<usize>l) << 2);
            const v4 = v128.load(a);
            const xa = pXcol + ((<usize>l) << 3);
            const lo = f64x2.add(f64x2.promote_low_f32x4(v4), f64x2.mul(wv, v128.load(xa)));
            const hi = f64x2.add(promoteHigh(v4), f64x2.mul(wv, v128.load(xa, 16)));
            v128.store(a, demote2(lo, hi));
          }
        } else {
          for (; l + 2 <= L; l += 2) {
            const a = row + ((<usize>l) << 3);
            v128.store(a, f64x2.add(v128.load(a), f64x2.mul(wv, v128.load(pXcol + ((<usize>l) << 3)))));
          }
        }
        for (; l < L; l++) {
          const a = row + (<usize>l) * sz;
          store<T>(a, <T>(<f64>load<T>(a) + w * load<f64>(pXcol + ((<usize>l) << 3))));
        }
      }
    }
    return;
  }
  for (let l: i32 = 0; l < L; l++) {
    const l4: usize = (<usize>l) << 2;
    const f = load<i32>(pNewFrame + l4);
    if (f == load<i32>(pCurFrame + l4)) continue;
    store<i32>(pCurFrame + l4, f);
    for (let i: i32 = 0; i < N; i++) store<T>(pIb + (<usize>(i * L + l)) * sz, <T>load<f64>(pBias + ((<usize>i) << 3)));
    if (f < 0) continue;
    const base: usize = (<usize>load<u32>(pAData + l4)) + ((<usize>(f * aChannels)) << 2);
    for (let c: i32 = 0; c < aChannels; c++) {
      const x = <f64>load<f32>(base + ((<usize>c) << 2));
      if (x == 0) continue;
      const k0 = load<i32>(pCRow + ((<usize>c) << 2));
      const k1 = load<i32>(pCRow + ((<usize>c) << 2), 4);
      for (let k: i32 = k0; k < k1; k++) {
        const p = pIb + (<usize>(load<i32>(pCPost + ((<usize>k) << 2)) * L + l)) * sz;
        store<T>(p, <T>(<f64>load<T>(p) + load<f64>(pCW + ((<usize>k) << 3)) * x));
      }
    }
  }
}

// ---- state update + threshold (SIMD) ----

/** f64: two elements per iteration. Returns the number of spikes written to pSpk. */
function update64(step: i32, off: usize): i32 {
  const vEm = f64x2.splat(em);
  const vEe = f64x2.splat(ee);
  const vEi = f64x2.splat(ei);
  const vCe = f64x2.splat(ce);
  const vCi = f64x2.splat(ci);
  const vTh = f64x2.splat(vth);
  const vStep = i32x4.splat(step);
  const zero = f64x2.splat(0);
  let nsp: i32 = 0;
  for (let j: i32 = 0; j < NLp; j += 2) {
    const b8: usize = (<usize>j) << 3;
    let ie = v128.load(pIe + b8);
    let ii = v128.load(pIi + b8);
    if (hasRing) {
      const re = pRing + off + b8;
      const ri = re + ((<usize>NLp) << 3);
      ie = f64x2.add(ie, v128.load(re));
      ii = f64x2.add(ii, v128.load(ri));
      v128.store(re, zero);
      v128.store(ri, zero);
    }
    v128.store(pIe + b8, f64x2.mul(ie, vEe));
    v128.store(pIi + b8, f64x2.mul(ii, vEi));
    const free = i64x2.extend_low_i32x4_s(i32x4.ge_s(vStep, v128.load64_zero(pRef + ((<usize>j) << 2))));
    const ib = v128.load(pIb + b8);
    const v = v128.load(pV + b8);
    const vn = f64x2.add(f64x2.add(f64x2.add(ib, f64x2.mul(f64x2.sub(v, ib), vEm)), f64x2.mul(ie, vCe)), f64x2.mul(ii, vCi));
    v128.store(pV + b8, v128.bitselect(vn, v, free));
    let bits = i64x2.bitmask(v128.and(f64x2.gt(vn, vTh), free));
    while (bits != 0) {
      store<i32>(pSpk + ((<usize>nsp) << 2), j + ctz(bits));
      nsp++;
      bits &= bits - 1;
    }
  }
  return nsp;
}

/** Promote the high two f32 of `a` to f64x2. */
// @ts-ignore: decorator
@inline function promoteHigh(a: v128): v128 {
  return f64x2.promote_low_f32x4(i64x2.shuffle(a, a, 1, 0));
}

/** Demote two f64x2 to one f32x4 (round to nearest, as a Float32Array store). */
// @ts-ignore: decorator
@inline function demote2(lo: v128, hi: v128): v128 {
  return i64x2.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 2);
}

/** f32 storage, f64 arithmetic: four elements per iteration. */
function update32(step: i32, off: usize): i32 {
  const vEm = f64x2.splat(em);
  const vEe = f64x2.splat(ee);
  const vEi = f64x2.splat(ei);
  const vCe = f64x2.splat(ce);
  const vCi = f64x2.splat(ci);
  const vTh = f64x2.splat(vth);
  const vStep = i32x4.splat(step);
  const zero = f32x4.splat(0);
  let nsp: i32 = 0;
  for (let j: i32 = 0; j < NLp; j += 4) {
    const b4: usize = (<usize>j) << 2;
    const ie4 = v128.load(pIe + b4);
    const ii4 = v128.load(pIi + b4);
    let ieL = f64x2.promote_low_f32x4(ie4);
    let ieH = promoteHigh(ie4);
    let iiL = f64x2.promote_low_f32x4(ii4);
    let iiH = promoteHigh(ii4);
    if (hasRing) {
      const re = pRing + off + b4;
      const ri = re + ((<usize>NLp) << 2);
      const re4 = v128.load(re);
      const ri4 = v128.load(ri);
      ieL = f64x2.add(ieL, f64x2.promote_low_f32x4(re4));
      ieH = f64x2.add(ieH, promoteHigh(re4));
      iiL = f64x2.add(iiL, f64x2.promote_low_f32x4(ri4));
      iiH = f64x2.add(iiH, promoteHigh(ri4));
      v128.store(re, zero);
      v128.store(ri, zero);
    }
    v128.store(pIe + b4, demote2(f64x2.mul(ieL, vEe), f64x2.mul(ieH, vEe)));
    v128.store(pIi + b4, demote2(f64x2.mul(iiL, vEi), f64x2.mul(iiH, vEi)));
    const free4 = i32x4.ge_s(vStep, v128.load(pRef + b4));
    const ib4 = v128.load(pIb + b4);
    const v4 = v128.load(pV + b4);
    const ibL = f64x2.promote_low_f32x4(ib4);
    const ibH = promoteHigh(ib4);
    const vL = f64x2.promote_low_f32x4(v4);
    const vH = promoteHigh(v4);
    const vnL = f64x2.add(f64x2.add(f64x2.add(ibL, f64x2.mul(f64x2.sub(vL, ibL), vEm)), f64x2.mul(ieL, vCe)), f64x2.mul(iiL, vCi));
    const vnH = f64x2.add(f64x2.add(f64x2.add(ibH, f64x2.mul(f64x2.sub(vH, ibH), vEm)), f64x2.mul(ieH, vCe)), f64x2.mul(iiH, vCi));
    v128.store(pV + b4, v128.bitselect(demote2(vnL, vnH), v4, free4));
    // Threshold on the unrounded f64 value, as JavaScript compares before the store.
    const over = i32x4.shuffle(f64x2.gt(vnL, vTh), f64x2.gt(vnH, vTh), 0, 2, 4, 6);
    let bits = i32x4.bitmask(v128.and(over, free4));
    while (bits != 0) {
      store<i32>(pSpk + ((<usize>nsp) << 2), j + ctz(bits));
      nsp++;
      bits &= bits - 1;
    }
  }
  return nsp;
}

// ---- state update + threshold with per-neuron constants, adaptation and noise (SIMD) ----

/** lowbias32 (src/lsm/noise-hash.ts hash32). */
// @ts-ignore: decorator
@inline function hash32(x: u32): u32 {
  x ^= x >> 16;
  x *= 0x7feb352d;
  x ^= x >> 15;
  x *= 0x846ca68b;
  x ^= x >> 16;
  return x;
}

/** hash32 on four u32 lanes (i32x4.mul keeps the low 32 bits, as u32 `*` and Math.imul). */
// @ts-ignore: decorator
@inline function hash32x4(x: v128): v128 {
  x = v128.xor(x, i32x4.shr_u(x, 16));
  x = i32x4.mul(x, i32x4.splat(0x7feb352d));
  x = v128.xor(x, i32x4.shr_u(x, 15));
  x = i32x4.mul(x, i32x4.splat(<i32>0x846ca68b));
  x = v128.xor(x, i32x4.shr_u(x, 16));
  return x;
}

/**
 * This step's noise term std * z for every element (noiseNormal of noise-hash.ts, the same
 * arithmetic): four neurons of a lane at a time, the rest one by one. (h >>> 8) / 2^24 is
 * exact, so multiplying by 2^-24 instead gives the same sum.
 */
function fillNoise(step: i32): void {
  const inv = f64x2.splat(1.0 / 16777216.0);
  const two = f64x2.splat(2);
  const s3 = f64x2.splat(1.7320508075688772);
  const vStd = f64x2.splat(noiseStd);
  const golden = i32x4.splat(0x6d2b79f5);
  for (let l: i32 = 0; l < L; l++) {
    const key = hash32(hash32(noiseSeed ^ ((firstLane + <u32>l) * 0x9e3779b9)) ^ <u32>step);
    const vKey = i32x4.splat(<i32>key);
    let i: i32 = 0;
    for (; i + 4 <= N; i += 4) {
      let h = hash32x4(v128.xor(vKey, i32x4.add(i32x4.splat(i), i32x4(0, 1, 2, 3))));
      let lo = f64x2.splat(0);
      let hi = f64x2.splat(0);
      for (let k = 0; k < 4; k++) {
        h = hash32x4(i32x4.add(h, golden));
        const u = i32x4.shr_u(h, 8);
        lo = f64x2.add(lo, f64x2.mul(f64x2.convert_low_i32x4_s(u), inv));
        hi = f64x2.add(hi, f64x2.mul(f64x2.convert_low_i32x4_s(i64x2.shuffle(u, u, 1, 0)), inv));
      }
      const zl = f64x2.mul(vStd, f64x2.mul(f64x2.sub(lo, two), s3));
      const zh = f64x2.mul(vStd, f64x2.mul(f64x2.sub(hi, two), s3));
      if (L == 1) {
        v128.store(pNoise + ((<usize>i) << 3), zl);
        v128.store(pNoise + ((<usize>i) << 3), zh, 16);
      } else {
        store<f64>(pNoise + ((<usize>(i * L + l)) << 3), f64x2.extract_lane(zl, 0));
        store<f64>(pNoise + ((<usize>((i + 1) * L + l)) << 3), f64x2.extract_lane(zl, 1));
        store<f64>(pNoise + ((<usize>((i + 2) * L + l)) << 3), f64x2.extract_lane(zh, 0));
        store<f64>(pNoise + ((<usize>((i + 3) * L + l)) << 3), f64x2.extract_lane(zh, 1));
      }
    }
    for (; i < N; i++) {
      let h = hash32(key ^ <u32>i);
      let sum: f64 = 0;
      for (let k = 0; k < 4; k++) {
        h = hash32(h + 0x6d2b79f5);
        sum += <f64>(h >> 8) / 16777216.0;
      }
      store<f64>(pNoise + ((<usize>(i * L + l)) << 3), noiseStd * ((sum - 2) * 1.7320508075688772));
    }
  }
}

/**
 * Elements [j0, j1) of update64f with the constants `k` (em, ee, ei, ce, ci, ea as f64x2:
 * per element, or one neuron's splatted); returns the spike count after writing this range's.
 */
// @ts-ignore: decorator
@inline function range64f(j0: i32, j1: i32, step: i32, off: usize, nsp: i32, perElement: bool, kEm: v128, kEe: v128, kEi: v128, kCe: v128, kCi: v128, kEa: v128): i32 {
  const vTh = f64x2.splat(vth);
  const vStep = i32x4.splat(step);
  const zero = f64x2.splat(0);
  for (let j: i32 = j0; j < j1; j += 2) {
    const b8: usize = (<usize>j) << 3;
    let em2 = kEm, ee2 = kEe, ei2 = kEi, ce2 = kCe, ci2 = kCi, ea2 = kEa;
    if (perElement) {
      em2 = v128.load(pKem + b8);
      ee2 = v128.load(pKee + b8);
      ei2 = v128.load(pKei + b8);
      ce2 = v128.load(pKce + b8);
      ci2 = v128.load(pKci + b8);
      if (adapt) ea2 = v128.load(pKea + b8);
    }
    let ie = v128.load(pIe + b8);
    let ii = v128.load(pIi + b8);
    if (hasRing) {
      const re = pRing + off + b8;
      const ri = re + ((<usize>NLp) << 3);
      ie = f64x2.add(ie, v128.load(re));
      ii = f64x2.add(ii, v128.load(ri));
      v128.store(re, zero);
      v128.store(ri, zero);
    }
    v128.store(pIe + b8, f64x2.mul(ie, ee2));
    v128.store(pIi + b8, f64x2.mul(ii, ei2));
    let th = vTh;
    if (adapt) {
      const an = f64x2.mul(v128.load(pA + b8), ea2);
      v128.store(pA + b8, an);
      th = f64x2.add(vTh, an);
    }
    const free = i64x2.extend_low_i32x4_s(i32x4.ge_s(vStep, v128.load64_zero(pRef + ((<usize>j) << 2))));
    let ib = v128.load(pIb + b8);
    if (noisy) ib = f64x2.add(ib, v128.load(pNoise + b8));
    const v = v128.load(pV + b8);
    const vn = f64x2.add(f64x2.add(f64x2.add(ib, f64x2.mul(f64x2.sub(v, ib), em2)), f64x2.mul(ie, ce2)), f64x2.mul(ii, ci2));
    v128.store(pV + b8, v128.bitselect(vn, v, free));
    let bits = i64x2.bitmask(v128.and(f64x2.gt(vn, th), free));
    while (bits != 0) {
      store<i32>(pSpk + ((<usize>nsp) << 2), j + ctz(bits));
      nsp++;
      bits &= bits - 1;
    }
  }
  return nsp;
}

/** Neuron i's constant at per-element array p (its value at element i * L), splatted. */
// @ts-ignore: decorator
@inline function splatAt(p: usize, i: i32): v128 {
  return f64x2.splat(load<f64>(p + ((<usize>(i * L)) << 3)));
}

/**
 * As update64, with per-element constants, the adaptive threshold and the noise term. With an
 * even lane count every pair of elements belongs to one neuron: its constants are splatted once
 * per neuron instead of loaded per element (the same values).
 */
function update64f(step: i32, off: usize): i32 {
  const z = f64x2.splat(0);
  if ((L & 1) == 0) {
    let nsp: i32 = 0;
    for (let i: i32 = 0; i < N; i++) {
      nsp = range64f(i * L, (i + 1) * L, step, off, nsp, false, splatAt(pKem, i), splatAt(pKee, i), splatAt(pKei, i), splatAt(pKce, i), splatAt(pKci, i), adapt ? splatAt(pKea, i) : z);
    }
    return nsp;
  }
  return range64f(0, NLp, step, off, 0, true, z, z, z, z, z, z);
}

/** Elements [j0, j1) of update32f (four per iteration); constants as in {@link range64f}. */
// @ts-ignore: decorator
@inline function range32f(j0: i32, j1: i32, step: i32, off: usize, nsp: i32, perElement: bool, kEm: v128, kEe: v128, kEi: v128, kCe: v128, kCi: v128, kEa: v128): i32 {
  const vTh = f64x2.splat(vth);
  const vStep = i32x4.splat(step);
  const zero = f32x4.splat(0);
  for (let j: i32 = j0; j < j1; j += 4) {
    const b4: usize = (<usize>j) << 2;
    const b8: usize = (<usize>j) << 3;
    let emL = kEm, emH = kEm, eeL = kEe, eeH = kEe, eiL = kEi, eiH = kEi, ceL = kCe, ceH = kCe, ciL = kCi, ciH = kCi, eaL = kEa, eaH = kEa;
    if (perElement) {
      emL = v128.load(pKem + b8);
      emH = v128.load(pKem + b8, 16);
      eeL = v128.load(pKee + b8);
      eeH = v128.load(pKee + b8, 16);
      eiL = v128.load(pKei + b8);
      eiH = v128.load(pKei + b8, 16);
      ceL = v128.load(pKce + b8);
      ceH = v128.load(pKce + b8, 16);
      ciL = v128.load(pKci + b8);
      ciH = v128.load(pKci + b8, 16);
      if (adapt) {
        eaL = v128.load(pKea + b8);
        eaH = v128.load(pKea + b8, 16);
      }
    }
    const ie4 = v128.load(pIe + b4);
    const ii4 = v128.load(pIi + b4);
    let ieL = f64x2.promote_low_f32x4(ie4);
    let ieH = promoteHigh(ie4);
    let iiL = f64x2.promote_low_f32x4(ii4);
    let iiH = promoteHigh(ii4);
    if (hasRing) {
      const re = pRing + off + b4;
      const ri = re + ((<usize>NLp) << 2);
      const re4 = v128.load(re);
      const ri4 = v128.load(ri);
      ieL = f64x2.add(ieL, f64x2.promote_low_f32x4(re4));
      ieH = f64x2.add(ieH, promoteHigh(re4));
      iiL = f64x2.add(iiL, f64x2.promote_low_f32x4(ri4));
      iiH = f64x2.add(iiH, promoteHigh(ri4));
      v128.store(re, zero);
      v128.store(ri, zero);
    }
    v128.store(pIe + b4, demote2(f64x2.mul(ieL, eeL), f64x2.mul(ieH, eeH)));
    v128.store(pIi + b4, demote2(f64x2.mul(iiL, eiL), f64x2.mul(iiH, eiH)));
    let thL = vTh;
    let thH = vTh;
    if (adapt) {
      const a4 = v128.load(pA + b4);
      const anL = f64x2.mul(f64x2.promote_low_f32x4(a4), eaL);
      const anH = f64x2.mul(promoteHigh(a4), eaH);
      v128.store(pA + b4, demote2(anL, anH));
      thL = f64x2.add(vTh, anL);
      thH = f64x2.add(vTh, anH);
    }
    const free4 = i32x4.ge_s(vStep, v128.load(pRef + b4));
    const ib4 = v128.load(pIb + b4);
    const v4 = v128.load(pV + b4);
    let ibL = f64x2.promote_low_f32x4(ib4);
    let ibH = promoteHigh(ib4);
    if (noisy) {
      ibL = f64x2.add(ibL, v128.load(pNoise + b8));
      ibH = f64x2.add(ibH, v128.load(pNoise + b8, 16));
    }
    const vL = f64x2.promote_low_f32x4(v4);
    const vH = promoteHigh(v4);
    const vnL = f64x2.add(f64x2.add(f64x2.add(ibL, f64x2.mul(f64x2.sub(vL, ibL), emL)), f64x2.mul(ieL, ceL)), f64x2.mul(iiL, ciL));
    const vnH = f64x2.add(f64x2.add(f64x2.add(ibH, f64x2.mul(f64x2.sub(vH, ibH), emH)), f64x2.mul(ieH, ceH)), f64x2.mul(iiH, ciH));
    v128.store(pV + b4, v128.bitselect(demote2(vnL, vnH), v4, free4));
    const over = i32x4.shuffle(f64x2.gt(vnL, thL), f64x2.gt(vnH, thH), 0, 2, 4, 6);
    let bits = i32x4.bitmask(v128.and(over, free4));
    while (bits != 0) {
      store<i32>(pSpk + ((<usize>nsp) << 2), j + ctz(bits));
      nsp++;
      bits &= bits - 1;
    }
  }
  return nsp;
}

/**
 * As update32 (f32 storage, f64 arithmetic), with per-element constants, adaptation and noise.
 * With a lane count divisible by 4, every block of four elements belongs to one neuron: its
 * constants are splatted once per neuron (the same values as the per-element arrays hold).
 */
function update32f(step: i32, off: usize): i32 {
  const z = f64x2.splat(0);
  if ((L & 3) == 0) {
    let nsp: i32 = 0;
    for (let i: i32 = 0; i < N; i++) {
      nsp = range32f(i * L, (i + 1) * L, step, off, nsp, false, splatAt(pKem, i), splatAt(pKee, i), splatAt(pKei, i), splatAt(pKce, i), splatAt(pKci, i), adapt ? splatAt(pKea, i) : z);
    }
    return nsp;
  }
  return range32f(0, NLp, step, off, 0, true, z, z, z, z, z, z);
}

// ---- flush of tiny currents (see flushTiny in cpu.ts) ----
function flush64(p: usize): void {
  const lim = f64x2.splat(1e-30);
  const zero = f64x2.splat(0);
  for (let j: i32 = 0; j < NLp; j += 2) {
    const a = p + ((<usize>j) << 3);
    const x = v128.load(a);
    const tiny = v128.and(f64x2.lt(f64x2.abs(x), lim), f64x2.ne(x, zero));
    if (v128.any_true(tiny)) v128.store(a, v128.bitselect(zero, x, tiny));
  }
}

function flush32(p: usize): void {
  // the smallest f32 >= 1e-30, so that |x| < lim is exactly JavaScript's |x| < 1e-30
  let y = <f32>1e-30;
  if (<f64>y < 1e-30) y = reinterpret<f32>(reinterpret<i32>(y) + 1);
  const lim = f32x4.splat(y);
  const zero = f32x4.splat(0);
  for (let j: i32 = 0; j < NLp; j += 4) {
    const a = p + ((<usize>j) << 2);
    const x = v128.load(a);
    const tiny = v128.and(f32x4.lt(f32x4.abs(x), lim), f32x4.ne(x, zero));
    if (v128.any_true(tiny)) v128.store(a, v128.bitselect(zero, x, tiny));
  }
}

// ---- propagation, input spikes, reset, counts and traces (scalar, generic) ----
// @ts-ignore: decorator
@inline function events<T>(nsp: i32, step: i32): void {
  const sz: usize = sizeof<T>();
  // Spikes come in increasing j = i * L + l: those of one neuron are adjacent, and its row is
  // read once for all of its spiking lanes (per target, the sums keep the order of k).
  const now = step % R;
  const slotBytes: usize = (<usize>(2 * NLp)) * sz;
  for (let s: i32 = 0; s < nsp; ) {
    const j = load<i32>(pSpk + ((<usize>s) << 2));
    const i = L == 1 ? j : j / L;
    const jEnd = (i + 1) * L;
    let e = s + 1;
    while (e < nsp && load<i32>(pSpk + ((<usize>e) << 2)) < jEnd) e++;
    const k0 = load<i32>(pRowPtr + ((<usize>i) << 2));
    const k1 = load<i32>(pRowPtr + ((<usize>i) << 2), 4);
    const iL = i * L;
    if (e == s + 1) {
      const lo: usize = (<usize>(j - iL)) * sz;
      if (!hasRing) {
        const base = pIe + lo;
        for (let k: i32 = k0; k < k1; k++) {
          const a = base + (<usize>load<u32>(pTgt + ((<usize>k) << 2)));
          store<T>(a, load<T>(a) + load<T>(pW + (<usize>k) * sz));
        }
      } else {
        for (let k: i32 = k0; k < k1; k++) {
          const d = load<i32>(pDelay + ((<usize>k) << 2));
          let slot = now + d;
          if (slot >= R) slot -= R;
          const base = d == 0 ? pIe : pRing + (<usize>slot) * slotBytes;
          const a = base + (<usize>load<u32>(pTgt + ((<usize>k) << 2))) + lo;
          store<T>(a, load<T>(a) + load<T>(pW + (<usize>k) * sz));
        }
      }
    } else {
      for (let k: i32 = k0; k < k1; k++) {
        const wk = load<T>(pW + (<usize>k) * sz);
        let base = pIe;
        if (hasRing) {
          const d = load<i32>(pDelay + ((<usize>k) << 2));
          let slot = now + d;
          if (slot >= R) slot -= R;
          if (d != 0) base = pRing + (<usize>slot) * slotBytes;
        }
        base += <usize>load<u32>(pTgt + ((<usize>k) << 2));
        for (let q: i32 = s; q < e; q++) {
          const a = base + (<usize>(load<i32>(pSpk + ((<usize>q) << 2)) - iL)) * sz;
          store<T>(a, load<T>(a) + wk);
        }
      }
    }
    s = e;
  }
  // input spikes of this step, into Ie, after the recurrent ones (weights are f64)
  if (pInPtr != 0) {
    const e0 = load<i32>(pInPtr + ((<usize>step) << 2));
    const e1 = load<i32>(pInPtr + ((<usize>step) << 2), 4);
    for (let e: i32 = e0; e < e1; e++) {
      const l = load<i32>(pInLane + ((<usize>e) << 2));
      const c = load<i32>(pInChan + ((<usize>e) << 2));
      const k0 = load<i32>(pCRow + ((<usize>c) << 2));
      const k1 = load<i32>(pCRow + ((<usize>c) << 2), 4);
      for (let k: i32 = k0; k < k1; k++) {
        const a = pIe + (<usize>(load<i32>(pCPost + ((<usize>k) << 2)) * L + l)) * sz;
        store<T>(a, <T>(<f64>load<T>(a) + load<f64>(pCW + ((<usize>k) << 3))));
      }
    }
  }
  // reset, refractory period, counts, readout traces
  for (let s: i32 = 0; s < nsp; s++) {
    const j = load<i32>(pSpk + ((<usize>s) << 2));
    const i = L == 1 ? j : j / L;
    const l = j - i * L;
    const j4: usize = (<usize>j) << 2;
    store<T>(pV + (<usize>j) * sz, <T>vreset);
    store<i32>(pRef + j4, step + load<i32>(pRefSteps + ((<usize>i) << 2)));
    if (step < load<i32>(pLaneSteps + ((<usize>l) << 2))) store<i32>(pCounts + j4, load<i32>(pCounts + j4) + 1);
    const ta = pTr + (<usize>j) * sz;
    const dk = step - load<i32>(pTrLast + j4);
    store<T>(ta, <T>(<f64>load<T>(ta) * load<f64>(pDecay + ((<usize>dk) << 3)) + 1.0));
    store<i32>(pTrLast + j4, step);
    if (adapt) {
      const aa = pA + (<usize>j) * sz;
      store<T>(aa, <T>(<f64>load<T>(aa) + load<f64>(pInc + ((<usize>i) << 3))));
    }
  }
}

/** Readout sample after `step`: each lane's traces decayed from each neuron's last spike. */
// @ts-ignore: decorator
@inline function sample<T>(step: i32): void {
  const sz: usize = sizeof<T>();
  const sIdx = (step + 1) / sampleEvery - 1;
  for (let l: i32 = 0; l < L; l++) {
    if (sIdx >= load<i32>(pLaneSamples + ((<usize>l) << 2))) continue;
    const o: usize = pOut + ((<usize>(l * maxSamples + sIdx) * <usize>N) << 2);
    for (let i: i32 = 0; i < N; i++) {
      const j: usize = <usize>(i * L + l);
      const dk = step - load<i32>(pTrLast + (j << 2));
      store<f32>(o + ((<usize>i) << 2), <f32>(<f64>load<T>(pTr + j * sz) * load<f64>(pDecay + ((<usize>dk) << 3))));
    }
  }
}

/** Simulate steps [from, to) in f64. */
export function run64(from: i32, to: i32): void {
  for (let step = from; step < to; step++) {
    const off: usize = hasRing ? (<usize>(((step + R - 1) % R) * 2 * NLp)) << 3 : 0;
    if (aChannels > 0) driveAnalog<f64>(step);
    if (noisy) fillNoise(step);
    const nsp = featured ? update64f(step, off) : update64(step, off);
    if (step % flushEvery == flushEvery - 1) {
      flush64(pIe);
      flush64(pIi);
      if (adapt) flush64(pA);
    }
    events<f64>(nsp, step);
    if ((step + 1) % sampleEvery == 0) sample<f64>(step);
  }
}

/** Simulate steps [from, to) with f32 storage. */
export function run32(from: i32, to: i32): void {
  for (let step = from; step < to; step++) {
    const off: usize = hasRing ? (<usize>(((step + R - 1) % R) * 2 * NLp)) << 2 : 0;
    if (aChannels > 0) driveAnalog<f32>(step);
    if (noisy) fillNoise(step);
    const nsp = featured ? update32f(step, off) : update32(step, off);
    if (step % flushEvery == flushEvery - 1) {
      flush32(pIe);
      flush32(pIi);
      if (adapt) flush32(pA);
    }
    events<f32>(nsp, step);
    if ((step + 1) % sampleEvery == 0) sample<f32>(step);
  }
}
