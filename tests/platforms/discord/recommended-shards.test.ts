/**
 * `DISCORD_SHARDS=auto`: the recommended shard count, asked of the API the bot is given (the fake
 * Discord on 127.0.0.1 here), with the real @discordjs/rest; a refusal is a typed login error.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiscordLoginError, fetchRecommendedShards } from '../../../src/platforms/discord/index.js';
import { FakeDiscord } from '../../fakes/discord/fake-discord.js';

let fake: FakeDiscord;

beforeEach(async () => {
  fake = await FakeDiscord.start();
});

afterEach(async () => {
  await fake.close();
});

describe('the recommended shard count', () => {
  it("is the figure GET /gateway/bot of DISCORD_API_URL gives, asked with the bot's token", async () => {
    fake.state.recommendedShards = 3;
    expect(await fetchRecommendedShards({ token: 'test-token', apiUrl: fake.apiUrl })).toBe(3);
    const [asked, ...more] = fake.requestsTo('GET', '/gateway/bot');
    expect(more).toEqual([]);
    expect(asked?.headers.authorization).toBe('Bot test-token');
  });

  it('fails as a login error naming the request when Discord refuses the token', async () => {
    fake.script('GET', '/gateway/bot', { status: 401, body: { message: '401: Unauthorized', code: 0 } });
    const failure = await fetchRecommendedShards({ token: 'bad-token', apiUrl: fake.apiUrl }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(DiscordLoginError);
    expect(failure).toMatchObject({ code: 'DISCORD_LOGIN_FAILED' });
    expect((failure as Error).message).toMatch(/GET \/gateway\/bot.*Unauthorized/);
  });
});
