import { describe, expect, it } from 'vitest';
import { inflateSync } from 'node:zlib';
import { colormap, crc32, encodePng, heatmapPng } from '../../src/plot/png.js';
import { imageHeatmapLayer, spikeRasterImageLayer } from '../../src/plot/specs/image-heatmap.js';
import { renderSvg } from '../../src/plot/render.js';
import type { TopLevelSpec } from '../../src/plot/render.js';

/** Parse a PNG: chunk types, CRC check, and the unfiltered pixel rows. */
function decode(png: Uint8Array): { width: number; height: number; types: string[]; rgb: Uint8Array } {
  expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const types: string[] = [];
  let o = 8;
  let width = 0;
  let height = 0;
  const idat: Uint8Array[] = [];
  while (o < png.length) {
    const len = v.getUint32(o);
    const type = String.fromCharCode(...png.subarray(o + 4, o + 8));
    const data = png.subarray(o + 8, o + 8 + len);
    expect(v.getUint32(o + 8 + len), `${type} CRC`).toBe(crc32(png.subarray(o + 4, o + 8 + len)));
    if (type === 'IHDR') {
      width = new DataView(data.buffer, data.byteOffset).getUint32(0);
      height = new DataView(data.buffer, data.byteOffset).getUint32(4);
      expect(Array.from(data.subarray(8))).toEqual([8, 2, 0, 0, 0]);
    }
    if (type === 'IDAT') idat.push(data);
    types.push(type);
    o += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (1 + 3 * width)]).toBe(0);
    rgb.set(raw.subarray(y * (1 + 3 * width) + 1, (y + 1) * (1 + 3 * width)), y * 3 * width);
  }
  return { width, height, types, rgb };
}

describe('PNG heatmaps', () => {
  it('crc32 gives the standard check values', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new TextEncoder().encode('IEND'))).toBe(0xae426082);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('encodePng round-trips the pixels through a plain decoder (zlib inflate)', () => {
    const w = 5;
    const h = 3;
    const rgb = Uint8Array.from({ length: w * h * 3 }, (_, i) => (i * 37) % 256);
    const d = decode(encodePng(rgb, w, h));
    expect(d.types).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect([d.width, d.height]).toEqual([w, h]);
    expect(Array.from(d.rgb)).toEqual(Array.from(rgb));
    expect(() => encodePng(rgb, 4, 3)).toThrow(/rgb needs/);
    expect(() => encodePng(rgb, 0, 3)).toThrow(/width and height/);
  });

  it('colour maps: the anchors at 0 and 1, clamped outside, linear between', () => {
    expect(colormap('viridis', 0)).toEqual([0x44, 0x01, 0x54]);
    expect(colormap('viridis', 1)).toEqual([0xfd, 0xe7, 0x25]);
    expect(colormap('viridis', 2)).toEqual([0xfd, 0xe7, 0x25]);
    expect(colormap('magma', -1)).toEqual([0, 0, 4]);
    expect(colormap('greys', 0.5)).toEqual([128, 128, 128]);
    expect(() => colormap('jet' as never, 0)).toThrow(/colormap/);
  });

  it('heatmapPng: one pixel per frame and channel, channel 0 at the bottom, min dark and max bright', () => {
    // 4 frames x 2 channels; the maximum at frame 3 channel 1, the minimum at frame 0 channel 0
    const m = { data: Float64Array.of(0, 1, 2, 3, 4, 5, 6, 7), rows: 4, cols: 2 };
    const d = decode(heatmapPng(m, 'greys'));
    expect([d.width, d.height]).toEqual([4, 2]);
    const px = (x: number, y: number) => Array.from(d.rgb.subarray((y * 4 + x) * 3, (y * 4 + x) * 3 + 3));
    expect(px(0, 1)).toEqual([255, 255, 255]); // bottom row = channel 0, frame 0 = the minimum (greys: white)
    expect(px(3, 0)).toEqual([0, 0, 0]); // top row = channel 1, frame 3 = the maximum
    expect(px(1, 0)).toEqual(colormap('greys', 3 / 7));
    expect(() => heatmapPng({ data: new Float64Array(0), rows: 0, cols: 3 })).toThrow(/empty/);
  });

  it('imageHeatmapLayer renders to an SVG holding the picture once, with axes over [0, duration] x [0, bands]', async () => {
    const m = { data: Float64Array.from({ length: 200 * 32 }, (_, i) => Math.sin(i)), rows: 200, cols: 32 };
    const svg = await renderSvg({
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      ...imageHeatmapLayer('bands', m, 100),
    } as unknown as TopLevelSpec);
    expect(svg.match(/data:image\/png;base64,/g)?.length).toBe(1);
    expect(svg).toMatch(/<image[^>]*width="700"[^>]*height="120"/);
    expect(svg).toMatch(/<image[^>]*image-rendering: pixelated/); // crisp pixels, not a blur
    expect(svg).not.toMatch(/<image[^>]*transform="translate\(0,[1-9]/); // the picture starts at the top of the plot
    expect(svg.length).toBeLessThan(60000);
    expect(() => imageHeatmapLayer('x', m, 0)).toThrow(/frameRate/);
  });

  it('spikeRasterImageLayer: a black pixel per (bin, neuron) with a spike, neuron 0 at the bottom', () => {
    const layer = spikeRasterImageLayer('r', { times: Float64Array.of(0.0005, 0.0042, 0.0099), neurons: Int32Array.of(0, 2, 1) }, 3, 0.01, 0.002);
    const url = (layer.data as { values: { url: string }[] }).values[0]!.url;
    const d = decode(new Uint8Array(Buffer.from(url.split(',')[1]!, 'base64')));
    expect([d.width, d.height]).toEqual([5, 3]);
    const black: string[] = [];
    for (let y = 0; y < 3; y++) for (let x = 0; x < 5; x++) if (d.rgb[(y * 5 + x) * 3] === 0) black.push(`bin ${x} neuron ${2 - y}`);
    expect(black.sort()).toEqual(['bin 0 neuron 0', 'bin 2 neuron 2', 'bin 4 neuron 1']);
    expect(layer.title).toBe('r (3 spikes)');
    expect(() => spikeRasterImageLayer('r', { times: [], neurons: [] }, 0, 1)).toThrow(/n: must be/);
    expect(() => spikeRasterImageLayer('r', { times: [], neurons: [] }, 3, 0)).toThrow(/duration/);
  });
});
