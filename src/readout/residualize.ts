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
}
