/**
 * Reading configuration files (JSON or YAML) with errors that name the file.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../core/errors.js';

/** Parse a JSON (.json) or YAML (.yaml/.yml) file into a plain value. */
export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(path, `cannot read config file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { cause: e });
  }
  try {
    return /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw new ConfigError(path, `not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'} (${(e as Error).message.split('\n')[0]})`, { cause: e });
  }
}
