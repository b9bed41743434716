/**
 * `herald check`: validates the config and says so; an invalid one is a ConfigError, which the
 * command line prints as the list of every problem and exits 2. What is valid but will not do what
 * the file seems to ask (a source switched on without its key; a channel whose platform's token is
 * not set while another's is) is a warning. The chat changes layered over the file's people and
 * feeds (removed, added or replaced with /watch and /feed) are listed, read from the store.
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
  const { configNotices, loadConfig, resolveConfigPath } = await import('../config/load.js');
  const { missingTokenWarnings } = await import('../config/chat-tokens.js');
  const env = readEnv();
  const file = resolveConfigPath(configPath, env);
  const { config } = await loadConfig(file, env);
  process.stdout.write(
    `${file}: OK (${config.people.length} people, ${config.feeds.length} feeds, ${config.channels.length} channels)\n`,
  );
  const { describeOverrides, readChatOverrides } = await import('../app/chat-overrides.js');
  const layered = await readChatOverrides(config, env);
  if (layered && 'unavailable' in layered) {
    process.stdout.write(`Chat changes not read (the store: ${layered.unavailable}).\n`);
  } else if (layered && layered.overrides.length > 0) {
    process.stdout.write(
      `Chat changes layered over this file (in effect: ${layered.people.length} people, ${layered.feeds.length} feeds):\n`,
    );
    for (const line of describeOverrides(layered)) process.stdout.write(`  ${line}\n`);
  }
  const warnings = [...configNotices(config, file, env), ...missingTokenWarnings(config, env)];
  for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
}
