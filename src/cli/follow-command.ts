/**
 * `herald follow add|remove|list` and `herald follows`: members' personal follows from the command
 * line, as an admin, for the member named by `--user <discord|slack>:<id>`. The requests are the
 * chat's (/follow, /unfollow, /following); values are checked before the store is opened, and
 * errors name the flag or argument (exit 2).
 */
import type { Command } from 'commander';
import type { CommandRequest } from '../commands/command.js';
import type { Member } from '../follows/follow.js';
import { checkFollowKeyword, checkMemberText } from '../records/validators.js';
import { answering, type CommonOptions, chatCommand } from './chat-commands.js';
import { usageError, valueParser } from './usage.js';

interface FollowOptions extends CommonOptions {
  user?: Member;
  digest?: 'weekly' | 'off';
}

const TARGET = '<target...>';
const TARGET_HELP = 'a watched person (id or name), keyword:<words> or talk-series:<feed id>';

export function registerFollowCommands(program: Command): void {
  const follow = program.command('follow').description("manage members' personal follows");
  const user = (command: Command, required: boolean) =>
    command.option(
      '--user <platform:id>',
      `the member${required ? '' : ' (default: every member)'}, e.g. discord:123456789012345678 or slack:U012AB3CD`,
      valueParser(checkMemberText),
    );
  user(chatCommand(follow, 'add', 'follow a person, keyword or talk series for a member'), true)
    .argument('[target...]', TARGET_HELP)
    .option('--digest <weekly|off>', "the member's direct messages as one weekly digest, or not")
    .action(
      answering(([words]: [string[]], options: FollowOptions, command) => {
        const member = requiredUser(command, options);
        const target = checkedTarget(command, words);
        const digest = checkedDigest(command, options.digest);
        if (!target && !digest) usageError(command, `missing argument ${TARGET} (or --digest)`);
        return {
          name: 'follow',
          member,
          ...(target ? { target } : {}),
          ...(digest ? { digest } : {}),
        } satisfies CommandRequest;
      }),
    );
  user(chatCommand(follow, 'remove', "remove a member's follow (or all of them)"), true)
    .argument(TARGET, `${TARGET_HELP}, or all`)
    .action(
      answering(([words]: [string[]], options: FollowOptions, command) => ({
        name: 'unfollow',
        member: requiredUser(command, options),
        target: checkedTarget(command, words) ?? usageError(command, `missing argument ${TARGET}`),
      })),
    );
  const list = (options: FollowOptions): CommandRequest =>
    options.user ? { name: 'following', member: options.user } : { name: 'following', all: true };
  user(chatCommand(follow, 'list', "a member's follows, or every member's"), false).action(
    answering((_args: [], options: FollowOptions) => list(options)),
  );
  chatCommand(program, 'follows', "every member's follows (as `follow list`)").action(
    answering((_args: [], options: FollowOptions) => list(options)),
  );
}

function requiredUser(command: Command, options: FollowOptions): Member {
  return options.user ?? usageError(command, 'missing option --user <platform:id>');
}

/** The target as one text; a keyword checked as the chat checks it. */
function checkedTarget(command: Command, words: readonly string[]): string | undefined {
  const target = words.join(' ').trim();
  if (!target) return undefined;
  const keyword = /^keyword:(.*)$/is.exec(target);
  if (keyword) {
    const checked = checkFollowKeyword(keyword[1]!);
    if (!checked.ok) usageError(command, `argument ${TARGET}: keyword: ${checked.problem}`);
  }
  if (/^talk-series:\s*$/i.test(target))
    usageError(command, `argument ${TARGET}: talk-series: needs a feed id`);
  return target;
}

function checkedDigest(command: Command, value: string | undefined): 'weekly' | 'off' | undefined {
  if (value === undefined || value === 'weekly' || value === 'off') return value;
  return usageError(command, `option --digest: "${value}" is not weekly or off`);
}
