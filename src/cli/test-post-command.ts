/**
 * `herald test-post <channel>`: a test announcement to one configured channel, through the same
 * posters as the bot; exit 0 when posted, 1 when refused (saying what the bot lacks).
 */
import { Argument, type Command } from 'commander';
import { addConfigOption, valueParser } from './usage.js';

export function registerTestPostCommand(program: Command): void {
  addConfigOption(program.command('test-post'))
    .description('post a test announcement to a configured channel; says what is missing if refused')
    .addArgument(new Argument('<channel>', 'channel id from the config').argParser(valueParser()))
    .action(async (channelId: string, options: { config?: string }) => {
      const { testPost } = await import('../app/test-post.js');
      process.exitCode = await testPost({ configPath: options.config, channelId });
    });
}
