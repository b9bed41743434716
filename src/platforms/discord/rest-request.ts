/**
 * How every @discordjs/rest client of the bot sends a request (its `makeRequest` option): with
 * undici's `request` through one agent, as the library's own strategy does, but with the one undici
 * of the process. package.json's `overrides` gives @discordjs/rest (and discord.js) the bot's
 * undici 7 instead of a second copy, undici 6: one HTTP parser to compile and keep, not two
 * (README, "Where the idle memory goes"). The library's own strategy is then never called.
 *
 * What differs from it: a multipart body (files: a talk's .ics, a long BibTeX) comes as Node's
 * global FormData, which undici 7's `request` cannot stream ("action is not a function": it only
 * streams its own FormData class). It is encoded first by the global Response, of the same family
 * as that FormData, into bytes and the content type with their boundary.
 */
import { STATUS_CODES } from 'node:http';
import type { RESTOptions, ResponseLike } from '@discordjs/rest';
import { Agent, type Dispatcher, Headers, request } from 'undici';

type MakeRequest = RESTOptions['makeRequest'];
type RequestBody = Parameters<MakeRequest>[1]['body'];

let sharedAgent: Agent | undefined;

/** One agent for every REST client of the process (it holds keep-alive connections to Discord). */
export function discordRestAgent(): Agent {
  sharedAgent ??= new Agent();
  return sharedAgent;
}

/** `makeRequest` for REST: through the agent REST names (restOptions gives the shared one). */
export const discordRequest: MakeRequest = async (url, init) => {
  const { body, contentType } = await encodeBody(init.body);
  const headers = Object.fromEntries(
    new globalThis.Headers(init.headers as ConstructorParameters<typeof globalThis.Headers>[0]),
  );
  if (contentType) headers['content-type'] = contentType;
  const { dispatcher } = init as { dispatcher?: Agent };
  const response = await request(url, {
    method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
    headers,
    body,
    dispatcher: dispatcher ?? discordRestAgent(),
    signal: init.signal ?? undefined,
  });
  return toResponseLike(response);
};

async function encodeBody(
  body: RequestBody,
): Promise<{ body: string | Uint8Array | null; contentType?: string }> {
  if (body === null || body === undefined) return { body: null };
  if (typeof body === 'string' || body instanceof Uint8Array) return { body };
  // FormData, Blob, URLSearchParams, ArrayBuffer...: what the platform's Response makes of it.
  const encoded = new Response(body as ConstructorParameters<typeof Response>[0]);
  const contentType = encoded.headers.get('content-type');
  return { body: new Uint8Array(await encoded.arrayBuffer()), ...(contentType ? { contentType } : {}) };
}

function toResponseLike(response: Awaited<ReturnType<typeof request>>): ResponseLike {
  const { body, statusCode } = response;
  return {
    body: body as unknown as ResponseLike['body'],
    arrayBuffer: () => body.arrayBuffer(),
    json: () => body.json(),
    text: () => body.text(),
    get bodyUsed() {
      return body.bodyUsed;
    },
    headers: new Headers(response.headers as Record<string, string>) as unknown as ResponseLike['headers'],
    status: statusCode,
    statusText: STATUS_CODES[statusCode] ?? '',
    ok: statusCode >= 200 && statusCode < 300,
  };
}
