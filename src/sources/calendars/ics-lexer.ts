/**
 * Reads iCalendar text (RFC 5545) into a tree of components and properties. Deliberately
 * forgiving: a line it cannot read is skipped rather than failing the whole calendar, because one
 * broken line from an exporter should not hide every other talk in the listing; an END that
 * matches no BEGIN closes the component it misspells (or the innermost), rather than leaving it
 * open to swallow every later event.
 */
import { editDistance } from '../../search/edit-distance.js';

export interface IcsProperty {
  /** Upper-cased property name, e.g. `DTSTART`. */
  name: string;
  /** Upper-cased parameter names; values with surrounding quotes removed. */
  params: Map<string, string>;
  /** The raw value, still escaped (see `unescapeText`). */
  value: string;
}

export interface IcsComponent {
  /** Upper-cased component name, e.g. `VEVENT`. */
  name: string;
  properties: IcsProperty[];
  children: IcsComponent[];
  /** The unfolded lines of the component, BEGIN to END, for handing a VTIMEZONE to ical.js. */
  lines: string[];
  /** An END closed it (a truncated download leaves it open). */
  closed?: boolean;
}

/** Joins folded lines: a line that starts with a space or tab continues the previous one. */
export function unfoldLines(text: string): string[] {
  const lines: string[] = [];
  // White space before BEGIN:VCALENDAR would read as a continuation of nothing.
  for (const line of text.replace(/^\uFEFF?\s*/, '').split(/\r\n|\n|\r/)) {
    const last = lines.length - 1;
    if ((line.startsWith(' ') || line.startsWith('\t')) && last >= 0) {
      lines[last] += line.slice(1);
    } else {
      lines.push(line);
    }
  }
  return lines;
}

/** Splits `NAME;PARAM=value;PARAM="quoted":value`; undefined when the line is not a property. */
export function parseContentLine(line: string): IcsProperty | undefined {
  const nameMatch = /^[A-Za-z0-9-]+/.exec(line);
  if (!nameMatch) return undefined;
  const params = new Map<string, string>();
  let index = nameMatch[0].length;
  let lastQuoted: string | undefined;
  while (line[index] === ';') {
    const eq = line.indexOf('=', index);
    if (eq < 0) return undefined;
    const paramName = line
      .slice(index + 1, eq)
      .trim()
      .toUpperCase();
    const { value, next, quoted } = readParamValue(line, eq + 1);
    params.set(paramName, value);
    lastQuoted = quoted ? paramName : undefined;
    index = next;
  }
  if (line[index] === ':') {
    return { name: nameMatch[0].toUpperCase(), params, value: line.slice(index + 1) };
  }
  // Exchange sometimes writes DTSTART;TZID="Zone:20200609T090000": the value ended up inside the
  // quotes. Take what follows the last colon in the quoted parameter as the value.
  if (index >= line.length && lastQuoted) {
    const quotedValue = params.get(lastQuoted) ?? '';
    const colon = quotedValue.lastIndexOf(':');
    if (colon > 0) {
      params.set(lastQuoted, quotedValue.slice(0, colon));
      return { name: nameMatch[0].toUpperCase(), params, value: quotedValue.slice(colon + 1) };
    }
  }
  return undefined;
}

/** Reads one parameter value (comma lists kept joined) starting at `start`. */
function readParamValue(line: string, start: number): { value: string; next: number; quoted: boolean } {
  let index = start;
  let value = '';
  let quoted = false;
  for (;;) {
    if (line[index] === '"') {
      const close = line.indexOf('"', index + 1);
      const end = close < 0 ? line.length : close;
      value += line.slice(index + 1, end);
      index = close < 0 ? line.length : close + 1;
      quoted = true;
    } else {
      const match = /^[^;:,]*/.exec(line.slice(index));
      const part = match ? match[0] : '';
      value += part;
      index += part.length;
    }
    if (line[index] !== ',') break;
    value += ',';
    index += 1;
  }
  return { value, next: index, quoted };
}

/** The component tree of `text`; the root is a synthetic component holding what was found. */
export function readComponents(
  text: string,
  report: (problem: string) => void = () => undefined,
): IcsComponent {
  const root: IcsComponent = { name: '', properties: [], children: [], lines: [] };
  const open: IcsComponent[] = [root];
  for (const line of unfoldLines(text)) {
    const property = parseContentLine(line);
    if (!property) continue;
    for (const component of open) component.lines.push(line);
    if (property.name === 'BEGIN') {
      const child: IcsComponent = {
        name: property.value.trim().toUpperCase(),
        properties: [],
        children: [],
        lines: [line],
      };
      open[open.length - 1]?.children.push(child);
      open.push(child);
    } else if (property.name === 'END') {
      closeComponent(open, property.value.trim().toUpperCase(), report);
    } else {
      open[open.length - 1]?.properties.push(property);
    }
  }
  return root;
}

/**
 * Pops up to the matching BEGIN. An END without one (`END:VTOOD` closing a VTODO) closes the open
 * component whose name it misspells, else the innermost one inside the calendar, with a warning.
 */
function closeComponent(open: IcsComponent[], name: string, report: (problem: string) => void): void {
  let at = open.findLastIndex((component, index) => index > 0 && component.name === name);
  if (at < 0) {
    at = misspelt(open, name) ?? (open.length > 2 ? open.length - 1 : -1);
    if (at < 0) {
      report(`END:${name} closes nothing that is open; ignored`);
      return;
    }
    report(`END:${name} matches no BEGIN; read as END:${open[at]!.name}`);
  }
  open[at]!.closed = true;
  open.length = at;
}

/** The open component (innermost first) whose name is at most two typos from `name`. */
function misspelt(open: readonly IcsComponent[], name: string): number | undefined {
  for (let index = open.length - 1; index > 0; index--) {
    if (editDistance(name, open[index]!.name, 2) <= 2) return index;
  }
  return undefined;
}

/** Whether a BEGIN for this component was closed by an END (truncated downloads lack it). */
export function isClosed(component: IcsComponent): boolean {
  return component.closed === true;
}

export function firstProperty(component: IcsComponent, name: string): IcsProperty | undefined {
  return component.properties.find((property) => property.name === name);
}

export function allProperties(component: IcsComponent, name: string): IcsProperty[] {
  return component.properties.filter((property) => property.name === name);
}

/** Unescapes a TEXT value: `\n` -> newline, `\,` -> `,`, `\;` -> `;`, `\\` -> `\`. */
export function unescapeText(value: string): string {
  return value.replace(/\\([nN\\;,]|.)/g, (_, char: string) => (char === 'n' || char === 'N' ? '\n' : char));
}
