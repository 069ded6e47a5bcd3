/**
 * "Input + reservoir": the reservoir's feature blocks residualized on the input's (the
 * no-reservoir control's) features, with the linear map fitted on training utterances only, so
 * that what the readout gets from the reservoir is only what a linear function of the input
 * features cannot already say. The input blocks are first reduced as the readout reduces them
 * (standardize + PCA per block, fitted on the training rows): with hundreds of input columns
 * and a few hundred training utterances, a regression on the raw input block would fit the
 * training rows exactly and leave nothing (or noise) to keep.
 *
 * @module
 */
import type { Mat } from '../core/matrix.js';
import { hconcat } from '../core/matrix.js';
import { ModelFormatError } from '../core/errors.js';
import { finiteArray } from '../core/finite-json.js';
import { StandardScaler } from './scaler.js';
import { Pca } from './pca.js';
import { fitRidge, predictRidge, type RidgeFit } from './ridge.js';

/** Options of {@link BlockResidualizer.fit}. */
export interface ResidualizeOptions {
  /** PCA components kept per input block for the regression (capped at rows - 1); default 24. */
  readonly inputComponents?: number;
  /** Ridge penalty per training row (lambda = ridge x rows) on the whitened input components; default 1e-3. */
  readonly ridge?: number;
}

const RESIDUALIZER_TYPE = 'lsm-ser/BlockResidualizer';
const RESIDUALIZER_VERSION = 1;

/** The linear map from reduced input features to reservoir features, fitted on training rows. */
export class BlockResidualizer {
  readonly scalers: StandardScaler[];
  readonly pcas: Pca[];
  readonly fits: RidgeFit[];

  private constructor(scalers: StandardScaler[], pcas: Pca[], fits: RidgeFit[]) {
    this.scalers = scalers;
    this.pcas = pcas;
    this.fits = fits;
  }

  /** Fit on the training rows of the input blocks and the reservoir blocks (same rows everywhere). */
  static fit(inputBlocks: readonly Mat[], reservoirBlocks: readonly Mat[], options: ResidualizeOptions = {}): BlockResidualizer {
    const k = options.inputComponents ?? 24;
    const ridge = options.ridge ?? 1e-3;
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`inputComponents: must be an integer >= 1, got ${k}`);
    if (!(ridge >= 0) || !Number.isFinite(ridge)) throw new RangeError(`ridge: must be a finite number >= 0, got ${ridge}`);
    if (inputBlocks.length === 0 || reservoirBlocks.length === 0)
      throw new RangeError('BlockResidualizer.fit: needs at least one input block and one reservoir block');
    const rows = inputBlocks[0]!.rows;
    for (const b of [...inputBlocks, ...reservoirBlocks])
      if (b.rows !== rows) throw new RangeError(`BlockResidualizer.fit: blocks have ${rows} and ${b.rows} rows`);
    const scalers: StandardScaler[] = [];
    const pcas: Pca[] = [];
    const reduced = inputBlocks.map((b) => {
      const s = StandardScaler.fit(b);
      const z = s.transform(b);
      const p = Pca.fit(z, { nComponents: Math.min(k, rows - 1, b.cols), whiten: true });
      scalers.push(s);
      pcas.push(p);
      return p.transform(z);
    });
    const Z = hconcat(reduced);
    const fits = reservoirBlocks.map((r) => fitRidge(Z, r, ridge * rows));
    return new BlockResidualizer(scalers, pcas, fits);
  }

  /** The reduced input features (rows x sum of components) the map regresses on. */
  inputFeatures(inputBlocks: readonly Mat[]): Mat {
    if (inputBlocks.length !== this.scalers.length)
      throw new RangeError(`BlockResidualizer: ${inputBlocks.length} input blocks, fitted on ${this.scalers.length}`);
    return hconcat(inputBlocks.map((b, i) => this.pcas[i]!.transform(this.scalers[i]!.transform(b))));
  }

  /** Reservoir blocks minus their linear prediction from the input blocks (same rows). */
  transform(inputBlocks: readonly Mat[], reservoirBlocks: readonly Mat[]): Mat[] {
    if (reservoirBlocks.length !== this.fits.length)
      throw new RangeError(`BlockResidualizer: ${reservoirBlocks.length} reservoir blocks, fitted on ${this.fits.length}`);
    const Z = this.inputFeatures(inputBlocks);
    return reservoirBlocks.map((r, i) => {
      if (r.rows !== Z.rows) throw new RangeError(`BlockResidualizer: reservoir block ${i} has ${r.rows} rows, the input ${Z.rows}`);
      const pred = predictRidge(this.fits[i]!, Z);
      if (pred.cols !== r.cols) throw new RangeError(`BlockResidualizer: reservoir block ${i} has ${r.cols} columns, fitted on ${pred.cols}`);
      const data = new Float64Array(r.data.length);
      for (let j = 0; j < data.length; j++) data[j] = r.data[j]! - pred.data[j]!;
      return { data, rows: r.rows, cols: r.cols };
    });
  }

  /**
   * Versioned JSON record (`type: 'lsm-ser/BlockResidualizer'`, `version: 1`): per input block
   * its scaler and PCA, per reservoir block its ridge map (`W`: p x m row-major, `b`: m).
   */
  toJSON(): Record<string, unknown> {
    return {
      type: RESIDUALIZER_TYPE,
      version: RESIDUALIZER_VERSION,
      scalers: this.scalers.map((s) => s.toJSON()),
      pcas: this.pcas.map((p) => p.toJSON()),
      fits: this.fits.map((f) => ({ p: f.p, m: f.m, W: Array.from(f.W), b: Array.from(f.b) })),
    };
  }

  /**
   * Rebuild from {@link BlockResidualizer.toJSON}; errors (ModelFormatError) name `file` and the
   * field (`BlockResidualizer.fits[1].W[7]`, ...), and a map whose sizes do not chain (scaler ->
   * PCA -> ridge inputs) is refused.
   */
  static load(j: unknown, file = 'residualizer'): BlockResidualizer {
    const r = j as { type?: unknown; version?: unknown; scalers?: unknown; pcas?: unknown; fits?: unknown } | null;
    if (!r || typeof r !== 'object' || r.type !== RESIDUALIZER_TYPE)
      throw new ModelFormatError(file, `not an ${RESIDUALIZER_TYPE} record (type is ${JSON.stringify(r?.type) ?? 'nothing'})`);
    if (r.version !== RESIDUALIZER_VERSION)
      throw new ModelFormatError(file, `${RESIDUALIZER_TYPE} version ${String(r.version)} is not supported (reads version ${RESIDUALIZER_VERSION})`);
    const list = (v: unknown, field: string): unknown[] => {
      if (!Array.isArray(v) || v.length === 0)
        throw new ModelFormatError(file, `BlockResidualizer.${field} must be a non-empty array, got ${JSON.stringify(v) ?? 'nothing'}`);
      return v;
    };
    const sj = list(r.scalers, 'scalers');
    const pj = list(r.pcas, 'pcas');
    if (pj.length !== sj.length)
      throw new ModelFormatError(file, `BlockResidualizer has ${sj.length} scalers and ${pj.length} pcas (one of each per input block)`);
    const scalers = sj.map((x, i) => StandardScaler.load(x, `${file}: BlockResidualizer.scalers[${i}]`));
    const pcas = pj.map((x, i) => Pca.load(x, `${file}: BlockResidualizer.pcas[${i}]`));
    let p = 0;
    pcas.forEach((pc, i) => {
      if (pc.mean.length !== scalers[i]!.mean.length)
        throw new ModelFormatError(file, `BlockResidualizer.pcas[${i}] takes ${pc.mean.length} features, scalers[${i}] gives ${scalers[i]!.mean.length}`);
      p += pc.components.cols;
    });
    const fits = list(r.fits, 'fits').map((x, i): RidgeFit => {
      const f = x as { p?: unknown; m?: unknown; W?: unknown; b?: unknown } | null;
      const at = `BlockResidualizer.fits[${i}]`;
      if (!f || typeof f !== 'object') throw new ModelFormatError(file, `${at} must be an object, got ${JSON.stringify(f)}`);
      if (f.p !== p) throw new ModelFormatError(file, `${at}.p is ${JSON.stringify(f.p)}, the input components number ${p}`);
      if (!Number.isInteger(f.m) || (f.m as number) < 1) throw new ModelFormatError(file, `${at}.m must be an integer >= 1, got ${JSON.stringify(f.m)}`);
      const m = f.m as number;
      return { p, m, W: finiteArray(f.W, `${at}.W`, file, p * m), b: finiteArray(f.b, `${at}.b`, file, m) };
    });
    return new BlockResidualizer(scalers, pcas, fits);
  }
}
