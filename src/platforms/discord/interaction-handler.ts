/**
 * Slash commands and autocomplete -> the platform-free command service. This module decides two
 * things only: what the user asked (CommandRequest) and who they are (Caller, with isAdmin reported
 * truthfully); the service decides what they may do and what the answer is.
 */
import {
  type APIInteractionGuildMember,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  GuildMember,
  type Interaction,
  MessageFlags,
  PermissionFlagsBits,
  type PermissionsBitField,
} from 'discord.js';
import {
  ADMIN_COMMANDS,
  type Caller,
  type CommandReply,
  type CommandRequest,
  type CommandService,
  PERSONAL_COMMANDS,
  type SuggestionKind,
} from '../../commands/command.js';
import type { Logger } from '../../log.js';
import { toCommandRequest } from './command-request.js';
import { DISCORD_LIMITS, singleLine, truncateText } from './limits.js';
import { NO_MENTIONS } from './render-announcement.js';
import { renderCommandReply } from './render-command-reply.js';

export interface InteractionHandlerOptions {
  commands: CommandService;
  /** Roles whose members count as admins, besides those with Manage Server (`discord.adminRoleIds`). */
  adminRoleIds: readonly string[];
  logger: Logger;
  /**
   * Several instances on one bot token all receive each interaction: the one whose claim of its
   * id succeeds answers, the others stay silent. Default: always answer.
   */
  claim?: (interactionId: string) => Promise<boolean>;
}

export function createInteractionListener(options: InteractionHandlerOptions) {
  return async (interaction: Interaction): Promise<void> => {
    try {
      if (options.claim && !(await options.claim(interaction.id))) {
        options.logger.debug({ interactionId: interaction.id }, 'interaction answered by another instance');
        return;
      }
      if (interaction.isAutocomplete()) await answerAutocomplete(interaction, options);
      else if (interaction.isChatInputCommand()) await answerCommand(interaction, options);
    } catch (error) {
      options.logger.error({ err: error, interactionId: interaction.id }, 'could not answer an interaction');
    }
  };
}

/**
 * Manage Server (Administrator implies it: `has` checks it) in the channel, or one of the configured
 * roles. Checked on every run because a guild can override a command's default permissions.
 */
export function isAdmin(
  permissions: Readonly<PermissionsBitField> | null,
  roleIds: readonly string[],
  adminRoleIds: readonly string[],
): boolean {
  if (permissions?.has(PermissionFlagsBits.ManageGuild)) return true;
  return roleIds.some((roleId) => adminRoleIds.includes(roleId));
}

function memberRoleIds(member: GuildMember | APIInteractionGuildMember | null): string[] {
  if (!member) return [];
  return member instanceof GuildMember ? [...member.roles.cache.keys()] : member.roles;
}

export function callerOf(interaction: ChatInputCommandInteraction, adminRoleIds: readonly string[]): Caller {
  const member = interaction.member;
  return {
    platform: 'discord',
    userId: interaction.user.id,
    displayName: member instanceof GuildMember ? member.displayName : interaction.user.displayName,
    isAdmin: isAdmin(interaction.memberPermissions, memberRoleIds(member), adminRoleIds),
    ...(interaction.channelId ? { channelId: interaction.channelId } : {}),
  };
}

async function answerCommand(interaction: ChatInputCommandInteraction, options: InteractionHandlerOptions) {
  const request = toCommandRequest(interaction.commandName, interaction.options);
  const privately = !request || ADMIN_COMMANDS.has(request.name) || PERSONAL_COMMANDS.has(request.name);
  // Deferred at once: Discord drops an interaction not answered within 3 s, and a search or a feed
  // check can take longer. Admin answers are ephemeral from the start.
  await interaction.deferReply(privately ? { flags: MessageFlags.Ephemeral } : {});
  const reply = request
    ? await execute(options, request, callerOf(interaction, options.adminRoleIds))
    : failure('invalid', `Unknown command /${interaction.commandName}.`);
  const answer = { embeds: [renderCommandReply(reply)], allowedMentions: NO_MENTIONS };
  if (reply.ephemeral && !privately) {
    // A deferred public answer cannot become ephemeral: replace it with an ephemeral follow-up.
    await interaction.deleteReply();
    await interaction.followUp({ ...answer, flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.editReply(answer);
}

async function execute(
  options: InteractionHandlerOptions,
  request: CommandRequest,
  caller: Caller,
): Promise<CommandReply> {
  try {
    return await options.commands.execute(request, caller);
  } catch (error) {
    options.logger.error({ err: error, command: request.name }, 'command failed');
    return failure('error', 'Something went wrong while answering; the error is in the bot log.');
  }
}

function failure(status: CommandReply['status'], text: string): CommandReply {
  return { status, ephemeral: true, text };
}

async function answerAutocomplete(interaction: AutocompleteInteraction, options: InteractionHandlerOptions) {
  const focused = interaction.options.getFocused(true);
  const kind = suggestionKind(interaction.commandName, focused.name);
  const suggestions = kind ? await suggest(options, kind, String(focused.value)) : [];
  const choices = suggestions
    // A value longer than Discord allows cannot be cut: it would name something else.
    .filter((suggestion) => suggestion.value.length <= DISCORD_LIMITS.choiceValue)
    .slice(0, DISCORD_LIMITS.choices)
    .map((suggestion) => ({
      name: truncateText(singleLine(suggestion.label), DISCORD_LIMITS.choiceName) || suggestion.value,
      value: suggestion.value,
    }));
  await interaction.respond(choices);
}

/** Suggestions, or none when the service fails: an empty list is better than a spinning picker. */
async function suggest(options: InteractionHandlerOptions, kind: SuggestionKind, partial: string) {
  try {
    return await options.commands.suggest(kind, partial);
  } catch (error) {
    options.logger.warn({ err: error, kind }, 'autocomplete failed');
    return [];
  }
}

/**
 * Which options autocomplete what: watched people for `author` and `/watch remove`, feeds for
 * `/feed`, sources for `/source resume`, watched people and talk series for `/follow` and `/unfollow`.
 */
export function suggestionKind(command: string, option: string): SuggestionKind | undefined {
  if ((command === 'follow' || command === 'unfollow') && option === 'target') return 'follow';
  if (command === 'papers' && option === 'author') return 'person';
  if (command === 'watch' && option === 'id') return 'person';
  if (command === 'feed' && option === 'id') return 'feed';
  if (command === 'source' && option === 'id') return 'source';
  return undefined;
}
