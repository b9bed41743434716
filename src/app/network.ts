/**
 * The HTTP client for untrusted URLs and the arXiv client over it, with the `/watch add` preview
 * they serve. A module of its own so that the core loads it (undici, the XML parser, the text
 * cleaner) only when something needs the network, not for every command line.
 */
import type { PaperPreview } from '../commands/ports.js';
import type { HeraldEnv } from '../config/env.js';
import type { HeraldConfig } from '../config/schema.js';
import type { Logger } from '../log.js';
import { HttpClient } from '../net/http-client.js';
import { userAgent } from '../net/user-agent.js';
import { ArxivClient } from '../sources/arxiv/arxiv-client.js';
import { VERSION } from '../version.js';
import { arxivPreview } from './arxiv-preview.js';

export interface Network {
  http: HttpClient;
  arxiv: ArxivClient;
  preview: PaperPreview;
  close(): Promise<void>;
}

export function openNetwork(config: HeraldConfig, env: HeraldEnv, logger: Logger): Network {
  const http = new HttpClient({
    timeoutMs: config.fetch.timeoutMs,
    maxBytes: config.fetch.maxBytes,
    allowPrivateAddresses: config.fetch.allowPrivateAddresses,
    userAgent: userAgent(VERSION),
  });
  const arxiv = new ArxivClient({
    apiUrl: env.arxivApiUrl,
    authorFeedUrl: env.arxivAuthorFeedUrl,
    fetcher: http,
    requestIntervalMs: config.arxiv.requestIntervalMs,
    logger,
  });
  return {
    http,
    arxiv,
    preview: arxivPreview(arxiv),
    close: async () => {
      await arxiv.stop();
      await http.close();
    },
  };
}
