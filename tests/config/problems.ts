/** The problems `parseConfigText` lists for a config text, one `FILE: key: message` each. */
import { type HeraldEnv, readEnv } from '../../src/config/env.js';
import { ConfigError, parseConfigText } from '../../src/config/load.js';

export function problemsOf(yaml: string, env: HeraldEnv = readEnv({})): string[] {
  try {
    parseConfigText(yaml, 'herald.yaml', env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n');
    throw error;
  }
  return [];
}
