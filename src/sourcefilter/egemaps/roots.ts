/**
 * Complex roots of a real polynomial by the Durand-Kerner (Weierstrass) iteration, for the
 * formant estimate from LPC polynomials (degree ~11).
 *
 * @module
 */

/** Roots of `c[0] z^n + c[1] z^(n-1) + ... + c[n]` (c[0] != 0), as parallel real/imaginary arrays. */
export function polynomialRoots(c: ArrayLike<number>): { re: Float64Array; im: Float64Array } {
  const n = c.length - 1;
  if (n < 1) return { re: new Float64Array(0), im: new Float64Array(0) };
  const c0 = c[0]!;
  if (c0 === 0) throw new RangeError('polynomialRoots: leading coefficient must be non-zero');
  const a = Float64Array.from({ length: n + 1 }, (_, i) => c[i]! / c0);
  // Cauchy bound for the starting circle.
  let bound = 0;
  for (let i = 1; i <= n; i++) bound = Math.max(bound, Math.abs(a[i]!));
  const radius = Math.min(1 + bound, 2);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n + 0.4;
    re[i] = radius * Math.cos(t);
    im[i] = radius * Math.sin(t);
  }
  for (let it = 0; it < 500; it++) {
    let moved = 0;
    for (let i = 0; i < n; i++) {
      // p(z_i) by Horner
      let pr = 1;
      let pi = 0;
      const zr = re[i]!;
      const zi = im[i]!;
      for (let k = 1; k <= n; k++) {
        const nr = pr * zr - pi * zi + a[k]!;
        pi = pr * zi + pi * zr;
        pr = nr;
      }
      // prod (z_i - z_j)
      let qr = 1;
      let qi = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const dr = zr - re[j]!;
        const di = zi - im[j]!;
        const nr = qr * dr - qi * di;
        qi = qr * di + qi * dr;
        qr = nr;
      }
      const den = qr * qr + qi * qi;
      if (den === 0) continue;
      const wr = (pr * qr + pi * qi) / den;
      const wi = (pi * qr - pr * qi) / den;
      re[i] = zr - wr;
      im[i] = zi - wi;
      moved = Math.max(moved, Math.abs(wr) + Math.abs(wi));
    }
    if (moved < 1e-12) break;
  }
  return { re, im };
}
