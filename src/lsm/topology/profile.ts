/**
 * The connection profile of a network with neuron positions: per connection type and distance,
 * how many ordered pairs of neurons there are and how many of them are connected. For a Maass
 * column the connected fraction estimates C[type] exp(-(D / lambda)^2).
 *
 * @module
 */
import type { LifNetwork } from '../network.js';
import type { ConnType } from './maass.js';

/** One row of {@link connectionProfile}: the ordered pairs of one type at one distance. */
export interface ConnectionProfileRow {
  /** Connection type, presynaptic then postsynaptic (E = excitatory, I = inhibitory). */
  readonly type: ConnType;
  /** Squared distance between the two neurons, in grid units squared. */
  readonly d2: number;
  /** Distance, in grid units. */
  readonly distance: number;
  /** Ordered pairs (i != j) of this type at this distance. */
  readonly pairs: number;
  /** How many of them are connected (i -> j has at least one synapse). */
  readonly connected: number;
  /** connected / pairs. */
  readonly fraction: number;
}

/**
 * Per connection type and squared distance (ascending), the ordered pairs and the connected
 * ones, over every ordered pair of distinct neurons (O(n^2): meant for columns of up to a few
 * thousand neurons). Throws a RangeError when the network has no `positions`.
 */
export function connectionProfile(net: Pick<LifNetwork, 'n' | 'nExc' | 'rowPtr' | 'post' | 'positions'>): ConnectionProfileRow[] {
  const pos = net.positions;
  if (!pos || pos.length !== 3 * net.n)
    throw new RangeError(`positions: the network needs n x 3 = ${3 * net.n} neuron positions, got ${pos ? pos.length : 'none'}`);
  const n = net.n;
  const connected = new Set<number>();
  for (let i = 0; i < n; i++) for (let k = net.rowPtr[i]!; k < net.rowPtr[i + 1]!; k++) connected.add(i * n + net.post[k]!);
  const rows = new Map<string, { type: ConnType; d2: number; pairs: number; connected: number }>();
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const type = ((i < net.nExc ? 'E' : 'I') + (j < net.nExc ? 'E' : 'I')) as ConnType;
      const d2 = (pos[3 * i]! - pos[3 * j]!) ** 2 + (pos[3 * i + 1]! - pos[3 * j + 1]!) ** 2 + (pos[3 * i + 2]! - pos[3 * j + 2]!) ** 2;
      const key = `${type}/${d2}`;
      const r = rows.get(key) ?? rows.set(key, { type, d2, pairs: 0, connected: 0 }).get(key)!;
      r.pairs++;
      if (connected.has(i * n + j)) r.connected++;
    }
  }
  const order: ConnType[] = ['EE', 'EI', 'IE', 'II'];
  return [...rows.values()]
    .sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type) || a.d2 - b.d2)
    .map((r) => ({ ...r, distance: Math.sqrt(r.d2), fraction: r.connected / r.pairs }));
}
