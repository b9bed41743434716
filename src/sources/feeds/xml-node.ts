/**
 * Reading what xml2js (under rss-parser) makes of an element, whatever shape it takes: a string,
 * an array of them (repeated elements), or an object with the text under `_` and the attributes
 * under `$` (an element with attributes or children). Elements are read as text or attributes
 * here and nowhere else, so no field can reach the rest of the code as an object.
 */

/** An element as xml2js gives it. */
export type XmlNode = unknown;

type XmlObject = Record<string, unknown>;

function isObject(node: XmlNode): node is XmlObject {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

/** The first of repeated elements, or the element itself. */
export function firstNode(node: XmlNode): XmlNode {
  return Array.isArray(node) ? node[0] : node;
}

/** Every one of repeated elements. */
export function allNodes(node: XmlNode): XmlNode[] {
  if (node === undefined || node === null) return [];
  return Array.isArray(node) ? node : [node];
}

/** The text of an element (its first, if repeated), trimmed; undefined when empty. */
export function nodeText(node: XmlNode): string | undefined {
  const first = firstNode(node);
  let text: unknown = first;
  if (isObject(first)) text = first._;
  if (typeof text === 'number' || typeof text === 'boolean') text = String(text);
  return typeof text === 'string' ? text.trim() || undefined : undefined;
}

/** The attributes of an element (its first, if repeated). */
export function nodeAttributes(node: XmlNode): Readonly<Record<string, string>> {
  const first = firstNode(node);
  if (!isObject(first) || !isObject(first.$)) return {};
  return first.$ as Record<string, string>;
}

/** One attribute of an element, trimmed; undefined when absent or empty. */
export function nodeAttribute(node: XmlNode, name: string): string | undefined {
  const value = nodeAttributes(node)[name];
  return typeof value === 'string' ? value.trim() || undefined : undefined;
}

/** A child element of an element that has children (`<author><name>...`). */
export function childNode(node: XmlNode, name: string): XmlNode {
  const first = firstNode(node);
  return isObject(first) ? first[name] : undefined;
}
