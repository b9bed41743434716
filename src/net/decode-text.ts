/**
 * Bytes of a feed or calendar to text. Order of evidence, as in the WHATWG encoding sniffing and
 * RFC 7303 for XML: byte order mark (or XML's `<?` in UTF-16 or UTF-32), then the Content-Type charset, then the XML declaration,
 * then UTF-8 if the bytes are valid UTF-8, else windows-1252 (what undeclared "latin1" feeds are).
 */
import { isUtf8 } from 'node:buffer';
import { createRequire } from 'node:module';

type IconvLite = typeof import('iconv-lite');
let loadedIconv: IconvLite | undefined;

/**
 * iconv-lite, loaded at the first text Node cannot decode itself: most feeds are UTF-8, and its
 * codecs and their tables would otherwise stay in memory for the life of the bot.
 */
function iconv(): IconvLite {
  loadedIconv ??= createRequire(import.meta.url)('iconv-lite') as IconvLite;
  return loadedIconv;
}

const UTF8_LABELS = new Set(['utf-8', 'utf8']);

/** Decoded as iconv-lite would, by Node itself when the encoding is UTF-8. */
function decodeAs(body: Buffer, encoding: string, options?: { stripBOM: boolean }): string {
  if (UTF8_LABELS.has(encoding)) return body.toString('utf8');
  return iconv().decode(body, encoding, options);
}

/** UTF-32 before UTF-16: FF FE 00 00 also starts with UTF-16LE's mark. */
const BOMS: ReadonlyArray<{ bytes: readonly number[]; encoding: string }> = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'utf-32be' },
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'utf-32le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
];

/** XML 1.0 Appendix F: without a mark, `<` (or `<?`) in 16 or 32 bits tells the encoding. */
const XML_STARTS: ReadonlyArray<{ bytes: readonly number[]; encoding: string }> = [
  { bytes: [0x00, 0x00, 0x00, 0x3c], encoding: 'utf-32be' },
  { bytes: [0x3c, 0x00, 0x00, 0x00], encoding: 'utf-32le' },
  { bytes: [0x00, 0x3c, 0x00, 0x3f], encoding: 'utf-16be' },
  { bytes: [0x3c, 0x00, 0x3f, 0x00], encoding: 'utf-16le' },
];

function startsWith(body: Buffer, bytes: readonly number[]): boolean {
  return bytes.every((byte, index) => body[index] === byte);
}

/**
 * Labels decoded as their superset, as browsers do (WHATWG Encoding): servers say latin1 and
 * send windows-1252 quotes; GB2312 pages contain GBK characters.
 */
const SUPERSETS: Readonly<Record<string, string>> = {
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  gb2312: 'gb18030',
  gbk: 'gb18030',
};

export function decodeText(body: Buffer, contentType?: string): string {
  const bom = BOMS.find(({ bytes }) => startsWith(body, bytes));
  if (bom) return decodeAs(body.subarray(bom.bytes.length), bom.encoding, { stripBOM: false });
  const wide = XML_STARTS.find(({ bytes }) => startsWith(body, bytes));
  if (wide) return decodeAs(body, wide.encoding);

  for (const label of [charsetFromContentType(contentType), encodingFromXmlDeclaration(body)]) {
    const encoding = usableEncoding(label);
    if (encoding !== undefined) return decodeAs(body, encoding);
  }
  return isUtf8(body) ? body.toString('utf8') : decodeAs(body, 'windows-1252');
}

/** The encoding to decode with for a declared label, or undefined (unknown label) for the next clue. */
function usableEncoding(label: string | undefined): string | undefined {
  if (label === undefined) return undefined;
  const name = label.trim().toLowerCase();
  const encoding = SUPERSETS[name] ?? name;
  return UTF8_LABELS.has(encoding) || iconv().encodingExists(encoding) ? encoding : undefined;
}

export function charsetFromContentType(contentType: string | undefined): string | undefined {
  return contentType ? /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1] : undefined;
}

/**
 * `<?xml version="1.0" encoding="..."?>` within the first KiB (comments may precede it). A UTF-16
 * label is ignored: a declaration readable as ASCII bytes is not UTF-16 (WHATWG does the same).
 */
export function encodingFromXmlDeclaration(body: Buffer): string | undefined {
  const head = body.subarray(0, 1024).toString('latin1');
  const label = /<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/.exec(head)?.[1];
  return label?.toLowerCase().startsWith('utf-16') ? undefined : label;
}
