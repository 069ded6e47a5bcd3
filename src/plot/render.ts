/**
 * Rendering of vega-lite specs to SVG (vega-lite compile -> vega View, headless, offline).
 *
 * @module
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { writeFileAtomic } from '../core/fsutil.js';

/** A vega-lite top-level specification (re-exported from vega-lite). */
export type { TopLevelSpec } from 'vega-lite';

/** Render a vega-lite spec to an SVG document string. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const vgSpec = compile(spec).spec;
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
