/**
 * Reads a response body into memory under a byte cap, decompressing as it goes. The cap applies
 * to the bytes received and, separately, to the decompressed bytes, so a small gzip bomb that
 * inflates to gigabytes is stopped after at most one chunk past the cap.
 */
import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { BadResponseError, ResponseTooLargeError } from './errors.js';

/** What the client asks for in Accept-Encoding; everything here can be decoded below. */
export const ACCEPTED_ENCODINGS = 'gzip, deflate, br';

// Flushing on finish, as browsers and undici's fetch do, so a body truncated right at the end
// of the compressed stream still yields what was received.
const lenient = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };

function decoderFor(encoding: string): Transform | undefined {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
    case 'deflate': // createUnzip detects gzip or zlib framing by the header
      return zlib.createUnzip(lenient);
    case 'br':
      return zlib.createBrotliDecompress({
        flush: zlib.constants.BROTLI_OPERATION_FLUSH,
        finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
      });
    default:
      return undefined;
  }
}

/**
 * The decoder for a Content-Encoding, or undefined for none. Stacked encodings ("gzip, br") are
 * allowed by HTTP but not seen from feed servers, so they are refused rather than supported.
 */
function decoderForHeader(contentEncoding: string | undefined, url: string): Transform | undefined {
  const encodings = (contentEncoding ?? '')
    .split(',')
    .map((encoding) => encoding.trim().toLowerCase())
    .filter((encoding) => encoding !== '' && encoding !== 'identity');
  const [encoding, ...more] = encodings;
  if (encoding === undefined) return undefined;
  const decoder = more.length === 0 ? decoderFor(encoding) : undefined;
  if (decoder === undefined)
    throw new BadResponseError(url, `unsupported Content-Encoding "${contentEncoding}"`);
  return decoder;
}

/**
 * zlib reports Z_DATA_ERROR and friends, brotli ERR__ERROR_FORMAT_*; a socket error or an abort
 * passed through the decoders by the pipeline keeps its own code (ECONNRESET, ABORT_ERR, ...).
 */
function isDecompressionError(err: unknown): err is Error {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'string' && /^(Z_|ERR__ERROR_|ERR_BROTLI)/.test(code);
}

/**
 * Drops a body that will not be read (redirect, 304, error status, refused). undici reports
 * destroying an unread body as an 'error' event, which must not become an uncaught exception.
 */
export function discardBody(body: Readable): void {
  body.on('error', () => {});
  body.destroy();
}

export interface ReadBodyOptions {
  contentEncoding?: string;
  maxBytes: number;
  /** For error messages. */
  url: string;
  /** Aborts the read (the client's deadline). */
  signal: AbortSignal;
}

export async function readCappedBody(body: Readable, options: ReadBodyOptions): Promise<Buffer> {
  const { maxBytes, url } = options;
  let decoder: Transform | undefined;
  try {
    decoder = decoderForHeader(options.contentEncoding, url);
  } catch (err) {
    discardBody(body);
    throw err;
  }
  const chunks: Buffer[] = [];
  let decodedBytes = 0;
  const capReceived = async function* (source: AsyncIterable<Buffer>) {
    let receivedBytes = 0;
    for await (const chunk of source) {
      receivedBytes += chunk.length;
      if (receivedBytes > maxBytes) throw new ResponseTooLargeError(url, maxBytes);
      yield chunk;
    }
  };
  const collectDecoded = async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      decodedBytes += chunk.length;
      if (decodedBytes > maxBytes) throw new ResponseTooLargeError(url, maxBytes);
      chunks.push(chunk);
    }
  };

  try {
    const pipelineOptions = { signal: options.signal };
    if (decoder === undefined) await pipeline(body, capReceived, collectDecoded, pipelineOptions);
    else await pipeline(body, capReceived, decoder, collectDecoded, pipelineOptions);
  } catch (err) {
    if (isDecompressionError(err)) {
      throw new BadResponseError(url, `cannot decompress body: ${err.message}`, { cause: err });
    }
    throw err;
  }
  return Buffer.concat(chunks, decodedBytes);
}
