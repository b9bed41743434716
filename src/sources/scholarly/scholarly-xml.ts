/**
 * XML from scholarly APIs (PubMed E-utilities, DBLP), parsed with fast-xml-parser as the arXiv
 * client does: namespace prefixes dropped, no entity declarations accepted (the services never
 * send any; a document that does is refused before parsing), values kept as text.
 */
import { XMLParser } from 'fast-xml-parser';
import { XML_TEXT_OPTIONS } from '../xml-text-options.js';

export type XmlNode = Record<string, unknown>;

export interface XmlOptions {
  /** Elements always read as arrays. */
  arrays: readonly string[];
  /** Elements whose content is kept as raw markup (titles with <i>, abstracts with MathML). */
  raw?: readonly string[];
}

/** A parser for one document type; `parse` returns undefined for what is not XML. */
export function xmlReader(options: XmlOptions) {
  const parser = new XMLParser({
    ...XML_TEXT_OPTIONS,
    htmlEntities: true,
    stopNodes: (options.raw ?? []).map((name) => `*.${name}`),
    isArray: (name) => options.arrays.includes(name),
  });
  return (xml: string): XmlNode | undefined => {
    if (/<!ENTITY/i.test(xml)) return undefined;
    try {
      return parser.parse(xml, true) as XmlNode;
    } catch {
      return undefined;
    }
  };
}

/** The text of an element that may have attributes (`{"#text": ..., "Source": ...}`). */
export function textOf(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (typeof node === 'object' && '#text' in (node as XmlNode)) return String((node as XmlNode)['#text']);
  return '';
}

/** Markup (MathML, <i>) as spaces, entities already decoded: plain text for cleanText. */
export function withoutTags(text: string): string {
  return text.replace(/<[^>]*>/g, ' ');
}

export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
