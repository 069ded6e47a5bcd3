/**
 * A minimal PNG encoder (8-bit RGB, no interlace) and colour maps, for heatmaps that would be
 * too large as one SVG rectangle per cell: the picture is embedded in a vega-lite image mark
 * (see {@link imageHeatmapLayer}), so the axes stay vector graphics.
 *
 * @module
 */
import { deflateSync } from 'node:zlib';
import type { Mat } from '../core/matrix.js';

/** Colour maps of {@link colormap}: 'viridis', 'magma' (perceptually uniform) and 'greys'. */
export type ColormapName = 'viridis' | 'magma' | 'greys';

const ANCHORS: Readonly<Record<ColormapName, readonly string[]>> = {
  viridis: ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#b5de2b', '#fde725'],
  magma: ['#000004', '#180f3d', '#440f76', '#721f81', '#9e2f7f', '#cd4071', '#f1605d', '#fd9668', '#feca8d', '#fcfdbf'],
  greys: ['#ffffff', '#000000'],
};

/** The colour of `t` in [0, 1] (clamped; NaN = 0) on map `name`, as [r, g, b] bytes (linear between ten anchors). */
export function colormap(name: ColormapName, t: number): [number, number, number] {
  const a = ANCHORS[name];
  if (!a) throw new RangeError(`colormap: must be 'viridis', 'magma' or 'greys', got ${JSON.stringify(name)}`);
  const x = Number.isNaN(t) ? 0 : Math.min(1, Math.max(0, t)) * (a.length - 1);
  const k = Math.min(a.length - 2, Math.floor(x));
  const f = x - k;
  const rgb = (h: string, i: number) => Number.parseInt(h.slice(1 + 2 * i, 3 + 2 * i), 16);
  return [0, 1, 2].map((i) => Math.round(rgb(a[k]!, i) * (1 - f) + rgb(a[k + 1]!, i) * f)) as [number, number, number];
}

const CRC_TABLE = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

/** CRC-32 (ISO 3309, the PNG and zip checksum) of `bytes`, as an unsigned 32-bit integer. */
export function crc32(bytes: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** Encode `rgb` (width x height x 3 bytes, row-major from the top row) as a PNG file. */
export function encodePng(rgb: Uint8Array, width: number, height: number): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new RangeError(`encodePng: width and height must be whole numbers >= 1, got ${width} x ${height}`);
  if (rgb.length !== width * height * 3) throw new RangeError(`encodePng: rgb needs width x height x 3 = ${width * height * 3} bytes, got ${rgb.length}`);
  const raw = new Uint8Array(height * (1 + 3 * width));
  for (let y = 0; y < height; y++) raw.set(rgb.subarray(y * 3 * width, (y + 1) * 3 * width), y * (1 + 3 * width) + 1); // filter 0 per row
  const chunk = (type: string, data: Uint8Array): Uint8Array => {
    const out = new Uint8Array(12 + data.length);
    const v = new DataView(out.buffer);
    v.setUint32(0, data.length);
    for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
    out.set(data, 8);
    v.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
    return out;
  };
  const ihdr = new Uint8Array(13);
  const h = new DataView(ihdr.buffer);
  h.setUint32(0, width);
  h.setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, filter 0, no interlace
  const parts = [
    Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * A matrix whose rows are time frames and whose columns are channels as a PNG picture: one
 * pixel per frame (x, left to right) and channel (y, channel 0 at the bottom), coloured on
 * `scheme` from the matrix's minimum (or `range[0]`) to its maximum (or `range[1]`).
 */
export function heatmapPng(m: Mat, scheme: ColormapName = 'viridis', range?: readonly [number, number]): Uint8Array {
  if (m.rows < 1 || m.cols < 1) throw new RangeError(`heatmapPng: the matrix is empty (${m.rows} x ${m.cols})`);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of m.data) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (range) [lo, hi] = range;
  const span = hi > lo ? hi - lo : 1;
  const W = m.rows;
  const H = m.cols;
  const rgb = new Uint8Array(W * H * 3);
  for (let f = 0; f < W; f++) for (let c = 0; c < H; c++) rgb.set(colormap(scheme, (m.data[f * H + c]! - lo) / span), ((H - 1 - c) * W + f) * 3);
  return encodePng(rgb, W, H);
}
