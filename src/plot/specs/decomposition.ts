/**
 * The source-filter decomposition of one utterance as a picture: waveform, excitation, and
 * both band representations over time.
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import type { SourceFilter } from '../../sourcefilter/decompose.js';
import { timeHeatmapLayer, waveformLayer } from './common.js';

/** Vega-lite spec of a decomposition (vertically stacked panels). */
export function decompositionPlotSpec(sf: SourceFilter, title: string): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    vconcat: [
      waveformLayer('pre-emphasized speech', sf.preEmphasized, sf.sampleRate),
      waveformLayer('excitation (LPC residual)', sf.excitation, sf.sampleRate),
      timeHeatmapLayer('excitation bands (log, normalized)', sf.excitationBands, sf.frameRate),
      timeHeatmapLayer('vocal-tract bands |G/A|^2 (log, normalized)', sf.tractBands, sf.frameRate, 700, 'magma'),
    ],
    resolve: { scale: { color: 'independent' } },
  } as unknown as TopLevelSpec;
}
