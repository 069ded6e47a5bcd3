/**
 * Rendering of vega-lite specs to SVG (vega-lite compile -> vega View, headless, offline).
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import { writeFileAtomic } from '../core/fsutil.js';

/** A vega-lite top-level specification (re-exported from vega-lite). */
export type { TopLevelSpec } from 'vega-lite';

/**
 * Render a vega-lite spec to an SVG document string. vega and vega-lite are imported on first
 * use: vega's canvas probe uses a top-level await, which would otherwise make the whole package
 * unloadable through require() (notebook kernels, CommonJS callers).
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const vgSpec = vl.compile(spec).spec;
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Render a vega-lite spec and write it as an SVG file (atomically). */
export async function writeSvg(path: string, spec: TopLevelSpec): Promise<void> {
  writeFileAtomic(path, await renderSvg(spec));
}
