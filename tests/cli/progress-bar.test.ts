import { describe, expect, it } from 'vitest';
import { progressBar } from '../../src/cli/progress-bar.js';

/** A stand-in for a terminal: collects what is written; `columns` as a terminal reports it. */
function fakeStream(columns: number | undefined): NodeJS.WriteStream & { text: string } {
  const s = {
    text: '',
    isTTY: true,
    columns,
    write(x: string) {
      s.text += x;
      return true;
    },
  };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

describe('progress bar', () => {
  it('draws on a terminal, one line per phase and per restart of a phase, never cut when the width is unknown', () => {
    const st = fakeStream(0); // `script` reports 0 columns
    const bar = progressBar({ stream: st, enabled: true, minInterval: 0 });
    bar({ phase: 'features', done: 0, total: 2 });
    bar({ phase: 'features', done: 2, total: 2 });
    bar({ phase: 'features', done: 0, total: 3 }); // the next seed: a new line, a new timer
    bar({ phase: 'features', done: 3, total: 3 });
    bar({ phase: 'readouts', done: 1, total: 1 });
    bar.done();
    const lines = st.text
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\r').filter(Boolean).pop()!.replace('\x1b[K', ''));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^features \[#{30}\] 2\/2 \d+\.\ds$/);
    expect(lines[1]).toMatch(/^features \[#{30}\] 3\/3 \d+\.\ds$/);
    expect(lines[2]).toMatch(/^readouts \[#{30}\] 1\/1 \d+\.\ds$/);
  });

  it('stays silent when not enabled (not a terminal)', () => {
    const st = fakeStream(80);
    const bar = progressBar({ stream: { ...st, isTTY: false } as never });
    bar({ phase: 'features', done: 1, total: 2 });
    bar.done();
    expect(st.text).toBe('');
  });

  it('cuts to the terminal width', () => {
    const st = fakeStream(20);
    const bar = progressBar({ stream: st, enabled: true, minInterval: 0 });
    bar({ phase: 'features', done: 1, total: 2 });
    expect(st.text.replace('\r', '').replace('\x1b[K', '')).toHaveLength(19);
  });
});
