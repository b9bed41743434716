/**
 * A logged error keeps its class, code, stack and cause (pino's standard error serializer), and
 * secrets are masked in every part of it: message, stack, cause, extra properties.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { HeraldError } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';

const SLACK_TOKEN = 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx';
const SECRET = 'signing-secret-value-1234567890';

class FeedGoneError extends HeraldError {
  constructor(message: string, options?: ErrorOptions) {
    super('FEED_GONE', message, options);
  }
}

function capture(): { lines: () => Record<string, unknown>[]; text: () => string; stream: Writable } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return {
    stream,
    text: () => text,
    lines: () =>
      text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('logged errors', () => {
  it('keep their class, code, stack and cause', () => {
    const out = capture();
    const logger = createLogger({ destination: out.stream });
    const cause = new TypeError('socket hang up');
    logger.error({ err: new FeedGoneError('the feed answered 410', { cause }) }, 'feed failed');
    const [line] = out.lines();
    const err = line!.err as Record<string, unknown>;
    expect(err.type).toBe('FeedGoneError');
    expect(err.code).toBe('FEED_GONE');
    expect(err.message).toContain('the feed answered 410');
    expect(String(err.stack)).toMatch(/^FeedGoneError: the feed answered 410\n\s+at /);
    expect(String(err.stack)).toContain('error-logs.test.ts');
    expect(JSON.stringify(err)).toContain('socket hang up');
  });

  it('keep the class of an unexpected bug', () => {
    const out = capture();
    const logger = createLogger({ destination: out.stream });
    let bug: unknown;
    try {
      (undefined as unknown as { x: number }).x;
    } catch (error) {
      bug = error;
    }
    logger.error({ err: bug }, 'command failed');
    const err = out.lines()[0]!.err as Record<string, unknown>;
    expect(err.type).toBe('TypeError');
    expect(String(err.stack)).toMatch(/^TypeError: .+\n\s+at /);
  });

  it('mask tokens and secrets in the message, the stack, the cause and extra properties', () => {
    const out = capture();
    const logger = createLogger({ destination: out.stream, secrets: [SECRET] });
    const cause = new Error(`upstream refused ${SECRET}`);
    const error = Object.assign(
      new FeedGoneError(`posting with ${SLACK_TOKEN} failed (secret ${SECRET})`, { cause }),
      { request: { headers: `Bearer ${SLACK_TOKEN}` } },
    );
    logger.error({ err: error }, 'delivery failed');
    const text = out.text();
    expect(text).not.toContain(SLACK_TOKEN);
    expect(text).not.toContain(SECRET);
    const err = out.lines()[0]!.err as Record<string, unknown>;
    expect(err.message).toBe('posting with [redacted] failed (secret [redacted])');
    expect(String(err.stack)).toMatch(/^FeedGoneError: posting with \[redacted\] failed/);
    expect(err.code).toBe('FEED_GONE');
  });

  it('mask an error given as the only argument too', () => {
    const out = capture();
    const logger = createLogger({ destination: out.stream });
    logger.warn(new Error(`token ${SLACK_TOKEN} refused`));
    expect(out.text()).not.toContain(SLACK_TOKEN);
    expect((out.lines()[0]!.err as Record<string, unknown>).type).toBe('Error');
  });
});

describe('what an error carries', () => {
  it('is logged when plain data (masked, URL credentials too), named when a library object', () => {
    const out = capture();
    const logger = createLogger({ destination: out.stream });
    class Socket {
      readonly peer = { host: '127.0.0.1', self: null as unknown };
    }
    const socket = new Socket();
    socket.peer.self = socket;
    const error = Object.assign(new Error('refused'), {
      url: new URL('https://reader:feed-password-4321@example.org/feed.xml'),
      response: { status: 401, body: `token ${SLACK_TOKEN}` },
      socket,
    });
    logger.error({ err: error }, 'fetch failed');
    const err = out.lines()[0]!.err as Record<string, unknown>;
    expect(err.response).toEqual({ status: 401, body: 'token [redacted]' });
    expect(err.socket).toBe('[Socket]');
    expect(err.url).toBe('https://example.org/feed.xml');
    expect(out.text()).not.toContain('feed-password-4321');
  });
});
