/**
 * The `lsm-ser` command line: one file per command under `commands/`, each exporting
 * `register(program)`. Returns the process exit code instead of exiting, so tests can call it.
 *
 * @module
 */
import { Command, CommanderError } from 'commander';
import { VERSION } from '../core/provenance.js';
import { LsmSerError } from '../core/errors.js';
import { printError } from './io.js';
// Commands: one import here and one register call in buildProgram() each.
import { register as registerDecompose } from './commands/decompose.js';
import { register as registerRun } from './commands/run.js';
import { register as registerRaster } from './commands/raster.js';
import { register as registerSweep } from './commands/sweep.js';
import { register as registerTrain } from './commands/train.js';
import { register as registerSynth } from './commands/synth.js';
import { register as registerPredict } from './commands/predict.js';
import { register as registerEvaluate } from './commands/evaluate.js';
import { register as registerDemo } from './commands/demo.js';
import { register as registerSimulate } from './commands/simulate.js';
import { register as registerBench } from './commands/bench.js';
import { register as registerCompare } from './commands/compare.js';
import { register as registerDiagnose } from './commands/diagnose.js';
import { register as registerTune } from './commands/tune.js';

/** Build the command tree (exported for tests and `--help` checks). */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('lsm-ser')
    .description('Liquid state machine speech emotion recognition: LPC source-filter front end, LIF reservoirs, PCA + SVM readout.')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();
  // Register commands here (one line each).
  registerDecompose(program);
  registerRun(program);
  registerRaster(program);
  registerSweep(program);
  registerTrain(program);
  registerSynth(program);
  registerPredict(program);
  registerEvaluate(program);
  registerDemo(program);
  registerSimulate(program);
  registerBench(program);
  registerCompare(program);
  registerDiagnose(program);
  registerTune(program);
  return program;
}

let pipeGuarded = false;

/**
 * Make a closed stdout (e.g. `lsm-ser evaluate ... | head`) end the process quietly with the
 * exit status so far, instead of an unhandled EPIPE 'error' event and its stack trace.
 */
export function installPipeGuard(stream: NodeJS.EventEmitter = process.stdout, exit: (code: number) => void = (c) => process.exit(c)): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    else throw e;
  });
}

/** Run the CLI with `argv` (without `node` and the script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  if (!pipeGuarded) {
    pipeGuarded = true;
    installPipeGuard();
  }
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : e.exitCode || 2;
    }
    if (e instanceof LsmSerError || e instanceof RangeError || e instanceof TypeError) {
      printError(`lsm-ser: ${(e as Error).message}`);
      return 1;
    }
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code) && (e as NodeJS.ErrnoException).syscall) {
      // A file-system error (EEXIST, ENOTDIR, EACCES, ENOSPC, ...): its message names the path.
      printError(`lsm-ser: ${(e as Error).message}`);
      return 1;
    }
    printError(`lsm-ser: ${(e as Error)?.stack ?? String(e)}`);
    return 1;
  }
}

const invoked = process.argv[1] ?? '';
if (invoked.endsWith('cli/main.ts') || invoked.endsWith('cli/main.js')) {
  // Run directly: `tsx src/cli/main.ts ...`
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
