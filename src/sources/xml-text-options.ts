/**
 * How the sources read API XML with fast-xml-parser (arXiv, PubMed, DBLP): attributes as plain
 * keys, namespace prefixes dropped (arXiv's 2025+ API declares them differently), every value kept
 * as text (an id like 2401.00001 or a year must not become a number), only the predefined entities
 * and character references expanded.
 */
import type { X2jOptions } from 'fast-xml-parser';

export const XML_TEXT_OPTIONS = {
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
} as const satisfies Partial<X2jOptions>;
