/**
 * `herald check`: validates the config and says so; an invalid one is a ConfigError, which the
 * command line prints as the list of every problem and exits 2. Channels that cannot be posted to
 * (their platform's token is not set while another's is) are warnings.
 */
import type { Command } from 'commander';
import { addConfigOption } from './usage.js';

export function registerCheckCommand(program: Command): void {
  addConfigOption(program.command('check'))
    .description('validate the config file; exits 2 listing every problem')
    .action(async (options: { config?: string }) => {
      await checkConfig(options.config);
    });
}

async function checkConfig(configPath: string | undefined): Promise<void> {
  const { readEnv } = await import('../config/env.js');
  const { loadConfig, resolveConfigPath } = await import('../config/load.js');
  const { missingTokenWarnings } = await import('../config/chat-tokens.js');
  const env = readEnv();
  const file = resolveConfigPath(configPath, env);
  const { config } = await loadConfig(file, env);
  process.stdout.write(
    `${file}: OK (${config.people.length} people, ${config.feeds.length} feeds, ${config.channels.length} channels)\n`,
  );
  for (const warning of missingTokenWarnings(config, env)) process.stderr.write(`warning: ${warning}\n`);
}
