/**
 * The config of one `herald run` in the end-to-end tests where a platform cannot be reached: the
 * seed corpus's person, one channel, and optionally a feed (one that never answers, to stop the
 * bot during a cycle).
 */
import { writeFile } from 'node:fs/promises';

export async function writeRunConfig(
  file: string,
  options: { channel: string; feedUrl?: string },
): Promise<void> {
  const feeds = options.feedUrl ? `feeds: [{ id: stalled, url: "${options.feedUrl}", kind: paper }]` : '';
  await writeFile(
    file,
    `
arxiv: { requestIntervalMs: 5 }
fetch: { allowPrivateAddresses: true }
backfill: 1
people: [{ id: favero, name: Alessandro Favero }]
${feeds}
channels: [${options.channel}]
`,
  );
}
