/**
 * Output helpers of the CLI: the only place (with bench/) that prints.
 *
 * @module
 */

/** Print one JSON value on one line to stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}

/** Print a line of text to stdout. */
export function printLine(text = ''): void {
  process.stdout.write(text + '\n');
}

/** Print a line to stderr. */
export function printError(text: string): void {
  process.stderr.write(text + '\n');
}

/** Parse a comma-separated list of numbers; names the flag in errors. */
export function parseNumberList(flag: string, value: string): number[] {
  const parts = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const out = parts.map((p) => decimal(p));
  out.forEach((x, i) => {
    if (!Number.isFinite(x)) throw new RangeError(`${flag}: "${parts[i]}" is not a number`);
  });
  if (out.length === 0) throw new RangeError(`${flag}: empty list`);
  return out;
}

/** A decimal number as written on a command line (no empty string, hex, binary or spaces, which `Number` would take). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** `Number(value)` for a decimal number, else NaN. */
function decimal(value: string): number {
  return DECIMAL.test(value.trim()) ? Number(value) : NaN;
}

/** Parse an integer flag value; names the flag in errors. */
export function parseIntFlag(flag: string, value: string, min = -Infinity, max = Infinity): number {
  const x = decimal(String(value));
  if (!Number.isInteger(x) || x < min || x > max) {
    throw new RangeError(`${flag}: expected an integer in [${min}, ${max}], got "${value}"`);
  }
  return x;
}

/** Parse a finite number flag value; names the flag in errors. */
export function parseNumberFlag(flag: string, value: string, min = -Infinity, max = Infinity): number {
  const x = decimal(String(value));
  if (!Number.isFinite(x) || x < min || x > max) {
    throw new RangeError(`${flag}: expected a number in [${min}, ${max}], got "${value}"`);
  }
  return x;
}
