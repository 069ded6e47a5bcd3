#!/usr/bin/env node
// lsm-ser command line. The TypeScript is compiled to dist/ by `npm install` / `npm ci`
// (the `prepare` script); run `npm run build` after editing src/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const entry = join(here, '..', 'dist', 'cli', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write(`lsm-ser: ${entry} is missing; run \`npm run build\` (or \`npm install\`) first\n`);
  process.exit(2);
}
const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));
