/**
 * Between-label against between-speaker spread of utterance features: does the state carry
 * the emotion or the speaker? Columns are standardized over all rows first (so every feature
 * weighs the same); the spread of a grouping is the trace of its between-group scatter per row,
 * sum_g n_g |mean_g - mean|^2 / N, as a fraction of the total variance.
 *
 * @module
 */

/** Label against speaker spread. */
export interface SpreadResult {
  /** Between-label scatter over total variance (0..1). */
  readonly label: number;
  /** Between-speaker scatter over total variance (0..1). */
  readonly speaker: number;
  /** label / speaker (> 1: the features vary more with the label than with the speaker). */
  readonly ratio: number;
}

/** Spread of rows x cols features (row-major) by `labels` and by `speakers`. */
export function labelSpeakerSpread(data: ArrayLike<number>, rows: number, cols: number, labels: readonly string[], speakers: readonly string[]): SpreadResult {
  if (data.length !== rows * cols) throw new RangeError(`features: expected ${rows} x ${cols} values, got ${data.length}`);
  if (labels.length !== rows || speakers.length !== rows)
    throw new RangeError(`labels/speakers: expected ${rows} each, got ${labels.length} and ${speakers.length}`);
  // standardize columns (constant columns dropped)
  const z = new Float64Array(rows * cols);
  let kept = 0;
  for (let j = 0; j < cols; j++) {
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < rows; i++) {
      const x = data[i * cols + j]!;
      s += x;
      s2 += x * x;
    }
    const mu = s / rows;
    const sd = Math.sqrt(Math.max(0, s2 / rows - mu * mu));
    if (!(sd > 1e-12 * Math.max(1, Math.abs(mu)))) continue;
    kept++;
    for (let i = 0; i < rows; i++) z[i * cols + j] = (data[i * cols + j]! - mu) / sd;
  }
  const between = (groups: readonly string[]): number => {
    const idx = new Map<string, number[]>();
    groups.forEach((g, i) => {
      (idx.get(g) ?? idx.set(g, []).get(g)!).push(i);
    });
    let b = 0;
    for (const members of idx.values()) {
      for (let j = 0; j < cols; j++) {
        let m = 0;
        for (const i of members) m += z[i * cols + j]!;
        m /= members.length;
        b += members.length * m * m;
      }
    }
    return kept > 0 ? b / rows / kept : 0;
  };
  const label = between(labels);
  const speaker = between(speakers);
  return { label, speaker, ratio: speaker > 0 ? label / speaker : NaN };
}
