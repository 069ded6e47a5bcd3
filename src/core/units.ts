/**
 * SI unit helpers. lsm-ser stores every quantity in SI base units (seconds, hertz, volts,
 * amperes, ohms) or as an explicitly dimensionless number; write values with their unit
 * visible: `tauMem: 30 * ms`, `threshold: 15 * mV`.
 *
 * @module
 */

/** One second, in seconds. */
export const second = 1;
/** One millisecond, in seconds. */
export const ms = 1e-3;
/** One microsecond, in seconds. */
export const us = 1e-6;
/** One hertz, in hertz. */
export const Hz = 1;
/** One kilohertz, in hertz. */
export const kHz = 1e3;
/** One volt. */
export const volt = 1;
/** One millivolt, in volts. */
export const mV = 1e-3;
/** One nanoampere, in amperes. */
export const nA = 1e-9;
/** One megaohm, in ohms. */
export const MOhm = 1e6;

/** Convert decibels to an amplitude ratio. */
export function dbToAmplitude(db: number): number {
  return 10 ** (db / 20);
}

/** Convert an amplitude ratio to decibels. */
export function amplitudeToDb(ratio: number): number {
  return 20 * Math.log10(ratio);
}

/** Convert a power ratio to decibels. */
export function powerToDb(ratio: number): number {
  return 10 * Math.log10(ratio);
}
