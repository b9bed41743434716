/**
 * The few Block Kit shapes this adapter builds (a subset of @slack/types' KnownBlock, kept here so
 * renderers stay plain functions over plain data), and the helpers that keep a message in limits.
 */
import { bold, escapeText } from './escape.js';
import { cutAtWord, SLACK_LIMITS, splitAtWords } from './limits.js';

export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
  /** true: Slack does not auto-link URLs or channel names in this text. */
  verbatim?: boolean;
}

export interface SectionBlock {
  type: 'section';
  text?: MrkdwnText;
  fields?: MrkdwnText[];
}

export interface ContextBlock {
  type: 'context';
  elements: MrkdwnText[];
}

export interface DividerBlock {
  type: 'divider';
}

export type SlackBlock = SectionBlock | ContextBlock | DividerBlock;

/** What a renderer produces: blocks and the plain fallback Slack shows in notifications. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

export function mrkdwn(text: string, verbatim = false): MrkdwnText {
  return verbatim ? { type: 'mrkdwn', text, verbatim } : { type: 'mrkdwn', text };
}

/** One section, its text cut to Slack's 3000 characters. */
export function section(text: string, verbatim = false): SectionBlock {
  return { type: 'section', text: mrkdwn(cutAtWord(text, SLACK_LIMITS.sectionText), verbatim) };
}

/** As many sections as long text needs, split at words. */
export function sections(text: string): SectionBlock[] {
  return splitAtWords(text, SLACK_LIMITS.sectionText).map((piece) => section(piece));
}

export function context(text: string): ContextBlock {
  return { type: 'context', elements: [mrkdwn(cutAtWord(text, SLACK_LIMITS.contextText))] };
}

/** Name/value fields (plain text, escaped here) of a section: at most ten, each cut to its limit. */
export function fieldsSection(fields: { name: string; value: string }[]): SectionBlock {
  return {
    type: 'section',
    fields: fields
      .slice(0, SLACK_LIMITS.sectionFields)
      .map((field) =>
        mrkdwn(
          cutAtWord(`${bold(escapeText(field.name))}\n${escapeText(field.value)}`, SLACK_LIMITS.sectionField),
        ),
      ),
  };
}

/**
 * Keeps a message within 50 blocks (the last kept one says how many were left out) and its
 * fallback text within 40,000 characters. Blocks with nothing to show are dropped (Slack refuses
 * a text object of 0 characters), and a message left with neither blocks nor text gets `empty`
 * as its text (Slack refuses it with no_text).
 */
export function fitMessage(message: SlackMessage, empty = '(no text)'): SlackMessage {
  const blocks = message.blocks.filter(showsSomething);
  const shown = message.text.trim() || blocks.length > 0 ? message.text : empty;
  const text = cutAtWord(shown, SLACK_LIMITS.fallbackText);
  if (blocks.length <= SLACK_LIMITS.blocks) return { text, blocks };
  const kept = blocks.slice(0, SLACK_LIMITS.blocks - 1);
  const omitted = blocks.length - kept.length;
  return { text, blocks: [...kept, context(`… ${omitted} more block${omitted === 1 ? '' : 's'} not shown`)] };
}

function showsSomething(block: SlackBlock): boolean {
  switch (block.type) {
    case 'section':
      return Boolean(block.text?.text.trim()) || (block.fields?.length ?? 0) > 0;
    case 'context':
      return block.elements.some((element) => element.text.trim() !== '');
    case 'divider':
      return true;
  }
}
