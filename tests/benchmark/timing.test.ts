import { describe, expect, it } from 'vitest';
import { median, timeRuns } from '../../src/benchmark/timing.js';
import { synapticEvents } from '../../src/benchmark/events.js';
import type { SpikeInput } from '../../src/lsm/input.js';

/** Busy-wait `ms` milliseconds of wall time. */
const spin = (ms: number): void => {
  const t = performance.now();
  while (performance.now() - t < ms);
};

describe('timeRuns: warm-up, timed repeats, median', () => {
  it('runs warmup + repeats times, times only the repeats and returns the last result', async () => {
    let calls = 0;
    const t = await timeRuns(
      () => {
        calls++;
        spin(2);
        return calls;
      },
      { warmup: 3, repeats: 4, warmupBudget: 60 },
    );
    expect(calls).toBe(7);
    expect(t.warmupRuns).toBe(3);
    expect(t.result).toBe(7);
    expect(t.times).toHaveLength(4);
    for (const x of t.times) expect(x).toBeGreaterThanOrEqual(0.002);
    expect(t.min).toBe(Math.min(...t.times));
    expect(t.median).toBe(median(t.times));
    // the warm-up took at least its three runs, the first of them at least one
    expect(t.warmupSeconds).toBeGreaterThanOrEqual(0.006);
    expect(t.firstRunSeconds).toBeGreaterThanOrEqual(0.002);
    expect(t.firstRunSeconds).toBeLessThanOrEqual(t.warmupSeconds);
  });

  it('stops the warm-up at its budget, and awaits async runs', async () => {
    let calls = 0;
    const t = await timeRuns(
      async () => {
        calls++;
        spin(5);
        return 'x';
      },
      { warmup: 1000, warmupBudget: 0.02, repeats: 1 },
    );
    // runs of at least 5 ms in a 20 ms budget: run k starts at >= 5k ms and only before 20 ms,
    // so 1 to 4 warm-up runs (fewer when the machine is busy), never 1000; the warm-up lasted
    // at least the budget
    expect(t.warmupRuns).toBeGreaterThanOrEqual(1);
    expect(t.warmupRuns).toBeLessThanOrEqual(4);
    expect(t.warmupSeconds).toBeGreaterThanOrEqual(0.02);
    expect(calls).toBe(t.warmupRuns + 1);
    expect(t.result).toBe('x');
  });

  it('without warm-up: no warm-up run, a NaN cold-run time', async () => {
    let calls = 0;
    const t = await timeRuns(() => calls++, { repeats: 2 });
    expect(calls).toBe(2);
    expect(t.warmupRuns).toBe(0);
    expect(Number.isNaN(t.firstRunSeconds)).toBe(true);
  });

  it('median: the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });

  it('rejects bad options, naming the field', async () => {
    await expect(timeRuns(() => 0, { repeats: 0 })).rejects.toThrow(/^repeats: /);
    await expect(timeRuns(() => 0, { warmup: 1.5 })).rejects.toThrow(/^warmup: /);
    await expect(timeRuns(() => 0, { warmupBudget: -1 })).rejects.toThrow(/^warmupBudget: /);
  });
});

describe('synapticEvents', () => {
  it('counts spikes x out-degree over lanes, plus input spikes x fan-out', () => {
    // 3 neurons with out-degrees 2, 0, 1; input channel 0 fans out to 2 neurons, channel 1 to 1
    const net = { n: 3, rowPtr: Int32Array.of(0, 2, 2, 3) };
    const coupling = { rowPtr: Int32Array.of(0, 2, 3) };
    const lanes = [{ counts: Int32Array.of(1, 5, 2) }, { counts: Int32Array.of(3, 0, 0) }];
    const spikes: SpikeInput = { kind: 'spikes', times: Float64Array.of(0.1, 0.2, 0.3), channels: Int32Array.of(0, 1, 0), nChannels: 2, duration: 1 };
    const analog = { kind: 'analog' as const, data: new Float32Array(4), frames: 2, channels: 2, frameDuration: 0.01 };
    expect(synapticEvents(net, coupling, lanes, [spikes, analog])).toEqual({ recurrent: 1 * 2 + 2 * 1 + 3 * 2, input: 2 + 1 + 2 });
    expect(synapticEvents(net, coupling, lanes, [analog])).toEqual({ recurrent: 10, input: 0 });
  });
});
