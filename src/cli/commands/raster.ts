/**
 * `lsm-ser raster FILE.wav --out DIR`: the spike rasters of both reservoirs for one utterance
 * (the default LSM, or a configured one), as `raster.svg` and `raster.json`.
 *
 * @module
 */
import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { writeJsonAtomic } from '../../core/fsutil.js';
import { provenance } from '../../core/provenance.js';
import { LifReservoir } from '../../lsm/reservoir.js';
import { spikeRaster } from '../../lsm/monitors.js';
import { buildReservoirs } from '../../experiment/pipeline.js';
import { configChannels, roleInput } from '../../experiment/features.js';
import { reservoirUnits } from '../../experiment/lsm-config.js';
import { writeSvg } from '../../plot/render.js';
import { rasterSpec, type RasterPanel } from '../../plot/specs/raster.js';
import { configFromFlags } from '../common.js';
import { printJson, printLine } from '../io.js';

/** Register `raster`. */
export function register(program: Command): void {
  program
    .command('raster')
    .description('spike rasters of the excitation and vocal-tract reservoirs for one WAV file (raster.svg, raster.json)')
    .argument('<in>', 'input WAV file')
    .requiredOption('--out <dir>', 'output folder')
    .option('--config <file>', 'LSM config (JSON or YAML)')
    .option('--seed <n>', 'seed (overrides the config)')
    .option('--json', 'print the summary as one JSON line')
    .action(async (input: string, o: { out: string; config?: string; seed?: string; json?: boolean }) => {
      const config = configFromFlags(o);
      const ch = configChannels(input, config);
      const reservoirs = buildReservoirs(config);
      const panels: RasterPanel[] = [];
      const summary: Record<string, unknown> = {
        source: resolve(input),
        seed: config.seed,
        durationSeconds: ch.excitation.rows / ch.frameRate,
        provenance: provenance(),
      };
      for (const { name: role, role: stream, config: rc } of reservoirUnits(config)) {
        const r = reservoirs[role];
        if (!r) continue;
        const rec = new LifReservoir(r.network, r.coupling, { ...r.options, recordSpikes: [0], workers: 1 });
        const [lane] = await rec.run([roleInput(ch, stream, config, rc.inputChannels)]);
        summary.backend = { requested: config.simulation.backend, used: rec.lastRun?.backend ?? null, reason: rec.lastRun?.reason ?? null };
        const raster = spikeRaster(lane!, config.simulation.dt);
        panels.push({
          title: `${role} reservoir (${r.network.n} neurons)`,
          times: raster.times,
          neurons: raster.neurons,
          duration: lane!.steps * config.simulation.dt,
          n: r.network.n,
        });
        summary[role] = { neurons: r.network.n, spikes: lane!.spikes, meanRateHz: lane!.spikes / r.network.n / (lane!.steps * config.simulation.dt || 1) };
      }
      if (panels.length === 0) throw new RangeError("raster: the config has no reservoir (features.source is 'frontend' or both reservoirs are null)");
      await writeSvg(join(o.out, 'raster.svg'), rasterSpec(input, panels));
      writeJsonAtomic(join(o.out, 'raster.json'), summary);
      if (o.json) printJson(summary);
      else printLine(`wrote ${join(o.out, 'raster.svg')} and raster.json (${panels.map((p) => `${p.title}: ${p.times.length} spikes`).join('; ')})`);
    });
}
