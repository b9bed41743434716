/**
 * The slash commands on a Bolt app. Each is acknowledged at once (Slack wants an answer
 * within 3 s), then parsed, checked for admin rights, executed by the platform-free command
 * service, and answered through `respond()` (the command's response_url, valid for 30 minutes).
 */
import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import {
  ADMIN_COMMANDS,
  type CommandName,
  type CommandReply,
  type CommandRequest,
  type CommandService,
} from '../../commands/command.js';
import { COMMAND_USAGE, CommandArgumentError, parseCommandText } from '../../commands/parse-text.js';
import type { Logger } from '../../log.js';
import type { AdminCheck } from './admin-check.js';
import { renderCommandReply } from './render-command-reply.js';

/** Every command of the service, in the manifest's order. */
export const SLASH_COMMANDS = Object.keys(COMMAND_USAGE) as readonly CommandName[];

/**
 * `/papers`, and also `/herald-papers`: a workspace where a name is taken (Slack's own `/status`
 * and `/feed`, another app) can declare the prefixed form in the manifest instead.
 */
const COMMAND_PATTERN = new RegExp(`^/(?:herald[-_])?(${SLASH_COMMANDS.join('|')})$`);

export interface SlashCommandDeps {
  commands: CommandService;
  adminCheck: AdminCheck;
  logger: Logger;
}

export function registerSlashCommands(app: App, deps: SlashCommandDeps): void {
  app.command(COMMAND_PATTERN, async ({ command, ack, respond }) => {
    await ack();
    const reply = await answer(command, deps);
    await sendReply(respond, reply, deps.logger);
  });
}

export function commandNameOf(slashCommand: string): CommandName | undefined {
  return COMMAND_PATTERN.exec(slashCommand)?.[1] as CommandName | undefined;
}

async function answer(command: SlashCommand, deps: SlashCommandDeps): Promise<CommandReply> {
  const name = commandNameOf(command.command);
  if (!name) return { status: 'invalid', ephemeral: true, text: `Unknown command ${command.command}.` };
  const log = deps.logger.child({ command: name, userId: command.user_id });
  try {
    const request = parseCommandText(name, command.text ?? '');
    // Only admin commands pay for a users.info lookup; for the others the config list suffices.
    // Admin commands, and a member acting on another's follows, pay for a users.info lookup;
    // for the others the config list suffices.
    const isAdmin =
      ADMIN_COMMANDS.has(name) || actsOnAnother(request, command.user_id)
        ? await deps.adminCheck.isAdmin(command.user_id)
        : deps.adminCheck.isListed(command.user_id);
    const caller = {
      platform: 'slack' as const,
      userId: command.user_id,
      displayName: command.user_name,
      isAdmin,
      channelId: command.channel_id,
    };
    return await deps.commands.execute(request, caller);
  } catch (error) {
    if (error instanceof CommandArgumentError)
      return { status: 'invalid', ephemeral: true, text: error.message };
    log.error({ err: error }, 'slash command failed');
    return {
      status: 'error',
      ephemeral: true,
      text: 'Something went wrong while answering this command. The error has been logged.',
    };
  }
}

function actsOnAnother(request: CommandRequest, userId: string): boolean {
  return 'member' in request && request.member !== undefined && request.member.userId !== userId;
}

async function sendReply(respond: RespondFn, reply: CommandReply, logger: Logger): Promise<void> {
  try {
    await respond(renderCommandReply(reply));
  } catch (error) {
    // The response_url may have expired (30 minutes) or Slack may be unreachable: nothing to retry.
    logger.warn({ err: error }, 'could not send the slash command answer');
  }
}
