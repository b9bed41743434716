/**
 * `herald check`: validates the config and says so, or lists every problem and exits 2. Channels
 * that cannot be posted to (their platform's token is not set while another's is) are warnings.
 */
import { missingTokenWarnings } from '../config/chat-tokens.js';
import { readEnv } from '../config/env.js';
import { ConfigError, loadConfig, resolveConfigPath } from '../config/load.js';

export async function checkConfig(configPath: string | undefined): Promise<number> {
  const env = readEnv();
  const file = resolveConfigPath(configPath, env);
  try {
    const { config } = await loadConfig(file, env);
    process.stdout.write(
      `${file}: OK (${config.people.length} people, ${config.feeds.length} feeds, ${config.channels.length} channels)\n`,
    );
    for (const warning of missingTokenWarnings(config, env)) process.stderr.write(`warning: ${warning}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
}
