/** Pictures: vega-lite specs rendered to SVG. @module */
export { renderSvg, writeSvg } from './render.js';
export type { TopLevelSpec } from './render.js';
export { envelopePoints, waveformLayer, timeHeatmapLayer, matrixHeatmapSpec, lineChartSpec, barChartSpec } from './specs/common.js';
export { decompositionPlotSpec } from './specs/decomposition.js';
export { rasterSpec } from './specs/raster.js';
export type { RasterPanel } from './specs/raster.js';
export { imageHeatmapLayer, spikeRasterImageLayer } from './specs/image-heatmap.js';
export type { ImageHeatmapOptions } from './specs/image-heatmap.js';
export { encodePng, heatmapPng, colormap, crc32 } from './png.js';
export type { ColormapName } from './png.js';
