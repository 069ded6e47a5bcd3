import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadNetgenNetwork } from '../../src/lsm/netgen.js';
import { tempDir } from '../helpers.js';

type Arrays = Record<string, Int32Array | Float64Array>;

/** A small export in netgen's format: 4 neurons (3 excitatory), 2 input channels, 10 steps of 1 ms. */
function writeExport(change: (meta: Record<string, unknown>, arrays: Arrays) => void = () => {}): string {
  const dir = tempDir('lsm-ser-netgen-');
  const arrays: Arrays = {
    pre: Int32Array.of(0, 1, 3),
    post: Int32Array.of(1, 2, 0),
    w: Float64Array.of(2, 2, -3),
    Ib: Float64Array.of(14, 14, 14, 14),
    v0: Float64Array.of(0, 1, 2, 3),
    ref: Float64Array.of(3, 3, 3, 2),
    in_pre: Int32Array.of(0, 1),
    in_post: Int32Array.of(0, 3),
    in_w: Float64Array.of(5, 5),
    in_step: Int32Array.of(1, 4, 9),
    in_chan: Int32Array.of(0, 1, 0),
  };
  const meta: Record<string, unknown> = { N: 4, NE: 3, dt_ms: 1, T_ms: 10, tau_m: 30, tau_e: 3, tau_i: 6, v_th: 15, v_reset: 13.5, n_in: 2 };
  change(meta, arrays);
  const files: Record<string, unknown> = {};
  for (const [name, a] of Object.entries(arrays)) {
    files[name] = { file: `${name}.bin`, dtype: a instanceof Int32Array ? '<i4' : '<f8', length: a.length };
    writeFileSync(join(dir, `${name}.bin`), new Uint8Array(a.buffer));
  }
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta.files === undefined ? { ...meta, files } : meta));
  return dir;
}

describe('netgen import: malformed exports are errors naming the file and the problem', () => {
  it('a well-formed export loads', () => {
    const r = loadNetgenNetwork(writeExport());
    expect(r.network.n).toBe(4);
    expect(r.input.times.length).toBe(3);
    expect(r.coupling.channels).toBe(2);
  });

  const cases: [string, (m: Record<string, unknown>, a: Arrays) => void, RegExp][] = [
    ['N smaller than a synapse index', (m) => (m.N = 3), /pre\.bin: pre\[2\] = 3 is outside \[0, 3\)|Ib, v0, ref must have 3 values/],
    ['a negative presynaptic index', (_, a) => (a.pre = Int32Array.of(-1, 1, 3)), /pre\.bin: pre\[0\] = -1 is outside \[0, 4\)/],
    ['Ib of the wrong length', (_, a) => (a.Ib = Float64Array.of(14, 14, 14)), /Ib, v0, ref must have 4 values \(got 3, 4, 4\)/],
    ['an input channel outside n_in', (_, a) => (a.in_chan = Int32Array.of(0, 2, 0)), /in_chan\.bin: in_chan\[1\] = 2 is outside \[0, 2\)/],
    ['an input step past the end', (_, a) => (a.in_step = Int32Array.of(1, 4, 10)), /in_step\.bin: in_step\[2\] = 10 is outside \[0, 10\)/],
    ['pre written as float64', (_, a) => (a.pre = Float64Array.of(0, 1, 3)), /meta\.json: files\.pre has dtype "<f8", netgen writes <i4/],
    ['NE larger than N', (m) => (m.NE = 5), /meta\.json: NE = 5 exceeds N = 4/],
    ['N not a whole number', (m) => (m.N = 4.5), /meta\.json: field "N" must be a whole number >= 1, got 4\.5/],
    [
      'meta.json is null',
      (m) => {
        for (const k of Object.keys(m)) delete m[k];
        m.files = null;
      },
      /meta\.json: field|meta\.json: not a netgen/,
    ],
    [
      'a file entry without a name',
      (m, a) => {
        m.files = {
          ...Object.fromEntries(Object.entries(a).map(([k, v]) => [k, { file: `${k}.bin`, dtype: v instanceof Int32Array ? '<i4' : '<f8', length: v.length }])),
          w: { file: 7, dtype: '<f8', length: 3 },
        };
      },
      /meta\.json: files\.w needs a file name and a length/,
    ],
  ];
  for (const [what, change, msg] of cases) it(what, () => expect(() => loadNetgenNetwork(writeExport(change))).toThrow(msg));

  it('meta.json holding null', () => {
    const dir = writeExport();
    writeFileSync(join(dir, 'meta.json'), 'null');
    expect(() => loadNetgenNetwork(dir)).toThrow(/meta\.json: not a netgen meta\.json \(expected an object\)/);
  });
});
