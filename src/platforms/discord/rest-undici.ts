/**
 * The undici that @discordjs/rest itself loads (undici 6), for rest-agent.ts: resolved at run time
 * from @discordjs/rest's own location. The bundle (bin/build.js) replaces this module with a
 * static import of the very file its copy of @discordjs/rest was bundled with, so the agent and
 * the requests come from one module instance there too.
 */
import { createRequire } from 'node:module';
import type { RESTOptions } from '@discordjs/rest';

/** What rest-agent.ts takes from it: the Agent class of that undici. */
export interface RestUndici {
  Agent: new () => NonNullable<RESTOptions['agent']>;
}

export function restUndici(): RestUndici {
  const fromRest = createRequire(createRequire(import.meta.url).resolve('@discordjs/rest'));
  return fromRest('undici') as RestUndici;
}
