/**
 * Links of a feed and its items: relative ones resolved against `xml:base` (of the element, its
 * item, the feed, the document) and the URL the feed was fetched from; only http(s) links kept,
 * so a `javascript:` or `data:` link never reaches a chat message.
 */
import { allNodes, nodeAttribute, nodeText, type XmlNode } from './xml-node.js';

/**
 * The URL a feed was fetched from as a base for its links, without credentials or query: a
 * relative link (`#top`, say) must not carry a token of the feed's URL into a chat message.
 */
export function documentBase(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const base = new URL(url);
    base.username = '';
    base.password = '';
    base.search = '';
    return base.toString();
  } catch {
    return undefined;
  }
}

/** `relative` resolved against `base`; `base` itself when `relative` is absent or unreadable. */
export function resolveBase(base: string | undefined, relative: string | undefined): string | undefined {
  if (!relative) return base;
  try {
    return new URL(relative, base).toString();
  } catch {
    return base;
  }
}

/** An absolute http(s) URL, or undefined. */
export function httpUrl(href: string | undefined, base?: string): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

interface LinkCandidate {
  url: string;
  rel: string;
  type?: string;
}

/** Every link element as an absolute URL with its rel (alternate when unsaid) and type. */
function candidates(links: XmlNode, base: string | undefined): LinkCandidate[] {
  return allNodes(links).flatMap((link) => {
    const href = nodeAttribute(link, 'href') ?? nodeText(link);
    const url = httpUrl(href, resolveBase(base, nodeAttribute(link, 'xml:base')));
    if (!url) return [];
    const type = nodeAttribute(link, 'type')?.toLowerCase();
    return [
      { url, rel: nodeAttribute(link, 'rel')?.toLowerCase() ?? 'alternate', ...(type ? { type } : {}) },
    ];
  });
}

/** The page a feed or item stands for: its alternate link, an HTML one first (as feedparser reads it). */
export function feedLinkOf(links: XmlNode, base: string | undefined): string | undefined {
  const alternates = candidates(links, base).filter((link) => link.rel === 'alternate');
  const html = alternates.find((link) => !link.type || /html/.test(link.type));
  return (html ?? alternates[0])?.url;
}

/**
 * An item's link: its alternate link, else an RSS guid that is a permalink (RSS 2.0: a guid is a
 * URL unless `isPermaLink="false"`) and already an absolute http(s) URL.
 */
export function itemLinkOf(links: XmlNode, guid: XmlNode, base: string | undefined): string | undefined {
  const link = feedLinkOf(links, base);
  if (link || nodeAttribute(guid, 'isPermaLink')?.toLowerCase() === 'false') return link;
  const text = nodeText(guid);
  return text && /^https?:\/\//i.test(text) ? httpUrl(text) : undefined;
}
