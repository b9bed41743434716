/**
 * Slash commands and autocomplete -> the platform-free command service. This module decides two
 * things only: what the user asked (CommandRequest) and who they are (Caller, with isAdmin reported
 * truthfully); the service decides what they may do and what the answer is.
 */
import type { InteractionsAPI } from '@discordjs/core';
import {
  type APIInteraction,
  ApplicationCommandType,
  type APIApplicationCommandAutocompleteInteraction as AutocompleteInteraction,
  type APIChatInputApplicationCommandInteraction as ChatInputCommandInteraction,
  InteractionType,
  MessageFlags,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
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
import { commandOptions } from './command-options.js';
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
  return async (interaction: APIInteraction, api: InteractionsAPI): Promise<void> => {
    try {
      if (options.claim && !(await options.claim(interaction.id))) {
        options.logger.debug({ interactionId: interaction.id }, 'interaction answered by another instance');
        return;
      }
      if (interaction.type === InteractionType.ApplicationCommandAutocomplete)
        await answerAutocomplete(interaction, api, options);
      else if (isChatInputCommand(interaction)) await answerCommand(interaction, api, options);
    } catch (error) {
      options.logger.error({ err: error, interactionId: interaction.id }, 'could not answer an interaction');
    }
  };
}

function isChatInputCommand(interaction: APIInteraction): interaction is ChatInputCommandInteraction {
  return (
    interaction.type === InteractionType.ApplicationCommand &&
    interaction.data.type === ApplicationCommandType.ChatInput
  );
}

/**
 * Manage Server in the channel (Administrator implies it, as Discord treats it), or one of the
 * configured roles. `permissions` is the member's permission bit set as Discord sends it (a decimal
 * string; absent outside a guild). Checked on every run because a guild can override a command's
 * default permissions.
 */
export function isAdmin(
  permissions: string | undefined,
  roleIds: readonly string[],
  adminRoleIds: readonly string[],
): boolean {
  if (permissions !== undefined && hasPermission(permissions, PermissionFlagsBits.ManageGuild)) return true;
  return roleIds.some((roleId) => adminRoleIds.includes(roleId));
}

function hasPermission(permissions: string, flag: bigint): boolean {
  const bits = /^\d+$/.test(permissions) ? BigInt(permissions) : 0n;
  const { Administrator } = PermissionFlagsBits;
  return (bits & Administrator) === Administrator || (bits & flag) === flag;
}

export function callerOf(interaction: ChatInputCommandInteraction, adminRoleIds: readonly string[]): Caller {
  const { member } = interaction;
  const user = member?.user ?? interaction.user;
  const channelId = interaction.channel?.id ?? interaction.channel_id;
  return {
    platform: 'discord',
    userId: user?.id ?? '',
    // What Discord shows: the server nickname, else the display name, else the username.
    displayName: member?.nick ?? user?.global_name ?? user?.username ?? '',
    isAdmin: isAdmin(member?.permissions, member?.roles ?? [], adminRoleIds),
    ...(channelId ? { channelId } : {}),
  };
}

async function answerCommand(
  interaction: ChatInputCommandInteraction,
  api: InteractionsAPI,
  options: InteractionHandlerOptions,
) {
  const { name } = interaction.data;
  const request = toCommandRequest(name, commandOptions(interaction.data.options));
  const privately = !request || ADMIN_COMMANDS.has(request.name) || PERSONAL_COMMANDS.has(request.name);
  // Deferred at once: Discord drops an interaction not answered within 3 s, and a search or a feed
  // check can take longer. Admin answers are ephemeral from the start.
  // An explicit 0 for a public answer, as discord.js sent it.
  const flags = (privately ? MessageFlags.Ephemeral : 0) as MessageFlags;
  await api.defer(interaction.id, interaction.token, { flags });
  const reply = request
    ? await execute(options, request, callerOf(interaction, options.adminRoleIds))
    : failure('invalid', `Unknown command /${name}.`);
  const answer = { embeds: [renderCommandReply(reply)], allowed_mentions: NO_MENTIONS };
  const appId = interaction.application_id;
  if (reply.ephemeral && !privately) {
    // A deferred public answer cannot become ephemeral: replace it with an ephemeral follow-up.
    await api.deleteReply(appId, interaction.token);
    await api.followUp(appId, interaction.token, { ...answer, flags: MessageFlags.Ephemeral });
    return;
  }
  await api.editReply(appId, interaction.token, answer);
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

async function answerAutocomplete(
  interaction: AutocompleteInteraction,
  api: InteractionsAPI,
  options: InteractionHandlerOptions,
) {
  const focused = commandOptions(interaction.data.options).focused();
  const kind = focused && suggestionKind(interaction.data.name, focused.name);
  const suggestions = kind && focused ? await suggest(options, kind, focused.value) : [];
  const choices = suggestions
    // A value longer than Discord allows cannot be cut: it would name something else.
    .filter((suggestion) => suggestion.value.length <= DISCORD_LIMITS.choiceValue)
    .slice(0, DISCORD_LIMITS.choices)
    .map((suggestion) => ({
      name: truncateText(singleLine(suggestion.label), DISCORD_LIMITS.choiceName) || suggestion.value,
      value: suggestion.value,
    }));
  await api.createAutocompleteResponse(interaction.id, interaction.token, { choices });
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
