/**
 * Block Kit's documented limits as a JSON Schema of our own: Slack's Web API description has no
 * Block Kit schema ("a very loose definition"). Only the block and element types the bot might
 * send are listed; any other type fails the check, so a renderer that starts using one must add it
 * here with its limits. Sources (Slack's reference documentation):
 * - blocks: https://api.slack.com/reference/block-kit/blocks (50 blocks a message; block_id 255;
 *   section text 3,000 and 10 fields of 2,000; context 10 elements; header plain_text 150)
 * - text objects: https://api.slack.com/reference/block-kit/composition-objects#text (1-3,000)
 * - button: https://api.slack.com/reference/block-kit/block-elements#button (text 75, url 3,000,
 *   value 2,000, action_id 255)
 * - message `text`: https://api.slack.com/methods/chat.postMessage#truncating (40,000 characters)
 * - response_url bodies: https://api.slack.com/interactivity/handling#message_responses
 */

export const BLOCK_KIT_LIMITS = {
  blocks: 50,
  textObject: 3000,
  sectionText: 3000,
  sectionFields: 10,
  sectionField: 2000,
  contextElements: 10,
  header: 150,
  blockId: 255,
  buttonText: 75,
  buttonUrl: 3000,
  buttonValue: 2000,
  actionId: 255,
  actionsElements: 25,
  messageText: 40_000,
} as const;

const L = BLOCK_KIT_LIMITS;

/** A text object of one type; `flag` is its only optional field (emoji or verbatim). */
function text(type: 'plain_text' | 'mrkdwn', flag: 'emoji' | 'verbatim', max: number) {
  return {
    type: 'object',
    properties: {
      type: { const: type },
      text: { type: 'string', minLength: 1, maxLength: max },
      [flag]: { type: 'boolean' },
    },
    required: ['type', 'text'],
    additionalProperties: false,
  };
}

const plainText = (max: number) => text('plain_text', 'emoji', max);
const mrkdwn = (max: number) => text('mrkdwn', 'verbatim', max);

function textObject(max: number) {
  return { oneOf: [plainText(max), mrkdwn(max)] };
}

const blockId = { type: 'string', minLength: 1, maxLength: L.blockId };

function block(type: string, properties: Record<string, unknown>, required: string[] = []) {
  return {
    type: 'object',
    properties: { type: { const: type }, block_id: blockId, ...properties },
    required: ['type', ...required],
    additionalProperties: false,
  };
}

const button = {
  type: 'object',
  properties: {
    type: { const: 'button' },
    text: plainText(L.buttonText),
    action_id: { type: 'string', maxLength: L.actionId },
    url: { type: 'string', maxLength: L.buttonUrl },
    value: { type: 'string', maxLength: L.buttonValue },
    style: { enum: ['primary', 'danger'] },
  },
  required: ['type', 'text'],
  additionalProperties: false,
};

const section = {
  ...block('section', {
    text: textObject(L.sectionText),
    fields: { type: 'array', minItems: 1, maxItems: L.sectionFields, items: textObject(L.sectionField) },
  }),
  // "text ... not required if a valid array of fields objects is provided instead"
  anyOf: [{ required: ['text'] }, { required: ['fields'] }],
};

export const BLOCKS_SCHEMA = {
  type: 'array',
  maxItems: L.blocks,
  items: {
    type: 'object',
    required: ['type'],
    discriminator: { propertyName: 'type' },
    oneOf: [
      section,
      block(
        'context',
        {
          elements: {
            type: 'array',
            minItems: 1,
            maxItems: L.contextElements,
            items: textObject(L.textObject),
          },
        },
        ['elements'],
      ),
      block('divider', {}),
      block('header', { text: plainText(L.header) }, ['text']),
      block(
        'actions',
        {
          elements: { type: 'array', minItems: 1, maxItems: L.actionsElements, items: button },
        },
        ['elements'],
      ),
    ],
  },
} as const;

/** The `text` of a message: shown in notifications; Slack truncates it beyond 40,000 characters. */
export const MESSAGE_TEXT_SCHEMA = { type: 'string', maxLength: L.messageText } as const;

/** A message posted to a slash command's response_url (Bolt's respond()). */
export const RESPONSE_URL_BODY_SCHEMA = {
  type: 'object',
  properties: {
    text: MESSAGE_TEXT_SCHEMA,
    blocks: BLOCKS_SCHEMA,
    response_type: { enum: ['ephemeral', 'in_channel'] },
    replace_original: { type: 'boolean' },
    delete_original: { type: 'boolean' },
    thread_ts: { type: 'string' },
    mrkdwn: { type: 'boolean' },
  },
  // Something to show: non-empty text or blocks (or the removal of the original message).
  anyOf: [
    { required: ['text'], properties: { text: { minLength: 1 } } },
    { required: ['blocks'], properties: { blocks: { minItems: 1 } } },
    { required: ['delete_original'] },
  ],
  additionalProperties: false,
} as const;
