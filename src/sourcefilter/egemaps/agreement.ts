/**
 * Checking eGeMAPS against openSMILE: parsing openSMILE's `;`-separated CSV outputs (functionals
 * or frame-level LLDs) and the per-descriptor agreement statistics (Pearson r, mean absolute
 * difference).
 *
 * @module
 */

/** An openSMILE CSV: feature names and, per instance name, its rows (one per frame or one per file). */
export interface OpenSmileCsv {
  /** Feature names (the columns after `name` and `frameTime`). */
  readonly names: readonly string[];
  /** Rows per instance (file stem, quotes removed), in file order. */
  readonly rows: ReadonlyMap<string, number[][]>;
}

/** Parse openSMILE CSV text (`name;frameTime;f1;...`). Throws a RangeError naming `source` for a malformed row. */
export function parseOpenSmileCsv(text: string, source: string): OpenSmileCsv {
  const lines = text.split(/\r?\n/);
  const head = lines[0]?.split(';') ?? [];
  if (head[0] !== 'name' || head[1] !== 'frameTime')
    throw new RangeError(`${source}: not an openSMILE CSV (header starts ${JSON.stringify(head.slice(0, 2))})`);
  const names = head.slice(2);
  const rows = new Map<string, number[][]>();
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (!l) continue;
    const p = l.split(';');
    if (p.length !== head.length) throw new RangeError(`${source}: line ${i + 1} has ${p.length} fields, expected ${head.length}`);
    const name = p[0]!.replace(/^'|'$/g, '');
    let r = rows.get(name);
    if (!r) {
      r = [];
      rows.set(name, r);
    }
    r.push(p.slice(2).map(Number));
  }
  return { names, rows };
}

/** Agreement of two paired samples. */
export interface Agreement {
  /** Pearson correlation (NaN when either side is constant or n < 2). */
  readonly r: number;
  /** Mean absolute difference, in the descriptor's units. */
  readonly mad: number;
  /** Mean of the reference values. */
  readonly refMean: number;
  /** Mean of our values. */
  readonly oursMean: number;
  /** Number of pairs. */
  readonly n: number;
}

/** Pearson r, mean absolute difference and means of paired samples `ref` and `ours`. */
export function agreement(ref: ArrayLike<number>, ours: ArrayLike<number>): Agreement {
  const n = Math.min(ref.length, ours.length);
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += ref[i]!;
    mb += ours[i]!;
  }
  ma /= n || 1;
  mb /= n || 1;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  let mad = 0;
  for (let i = 0; i < n; i++) {
    const a = ref[i]! - ma;
    const b = ours[i]! - mb;
    sab += a * b;
    saa += a * a;
    sbb += b * b;
    mad += Math.abs(ref[i]! - ours[i]!);
  }
  const r = n >= 2 && saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : Number.NaN;
  return { r, mad: mad / (n || 1), refMean: ma, oursMean: mb, n };
}
