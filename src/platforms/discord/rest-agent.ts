/**
 * The HTTP dispatcher @discordjs/rest's REST client sends through, from the very undici copy that
 * @discordjs/rest itself depends on (undici 6).
 *
 * Why: without an `agent`, @discordjs/rest sends through Node's global undici dispatcher, and
 * undici 7 (our HttpClient, @slack/socket-mode) installs its own Agent there when it is loaded
 * first. undici 7 cannot stream undici 6's multipart bodies ("action is not a function"), so
 * every file upload (.ics, long BibTeX) failed. An explicit agent of the same major makes the
 * order in which modules load irrelevant.
 */
import type { RESTOptions } from '@discordjs/rest';
import { restUndici } from './rest-undici.js';

type Dispatcher = NonNullable<RESTOptions['agent']>;

let shared: Dispatcher | undefined;

/** One agent for every REST client of the process (it holds keep-alive connections to Discord). */
export function discordRestAgent(): Dispatcher {
  shared ??= createAgent();
  return shared;
}

function createAgent(): Dispatcher {
  // The copy @discordjs/rest loads (rest-undici.ts).
  const { Agent } = restUndici();
  return new Agent();
}
