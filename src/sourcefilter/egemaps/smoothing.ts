/**
 * The 3-frame symmetric moving average eGeMAPS applies to every LLD contour (`sma3`), and its
 * variant over non-zero values only (`sma3nz`: zeros, e.g. unvoiced frames, stay zero and are
 * left out of their neighbours' averages).
 *
 * @module
 */

/**
 * 3-frame moving average of column `col` of a frames x `cols` row-major matrix, in place.
 * At the ends the average runs over the frames that exist. `nonZero` keeps zeros at zero and
 * leaves them out of the averages.
 */
export function smooth3(data: Float64Array, frames: number, cols: number, col: number, nonZero: boolean): void {
  const src = new Float64Array(frames);
  for (let f = 0; f < frames; f++) src[f] = data[f * cols + col]!;
  for (let f = 0; f < frames; f++) {
    if (nonZero && src[f] === 0) continue;
    let s = 0;
    let n = 0;
    for (let g = f - 1; g <= f + 1; g++) {
      if (g < 0 || g >= frames) continue;
      if (nonZero && src[g] === 0) continue;
      s += src[g]!;
      n++;
    }
    data[f * cols + col] = n > 0 ? s / n : 0;
  }
}
