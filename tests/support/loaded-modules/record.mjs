// Preloaded with `node --import` by tests/platforms/lazy-platform-libraries.test.ts: records every
// module the process loads and writes the list to $HERALD_TEST_LOADED_MODULES when it exits. Two
// views, so that neither kind of loading escapes: the URL of every ES module import resolved
// (through a resolve hook, hooks.mjs), and every CommonJS module in require's cache (discord.js
// and Bolt are CommonJS, loaded from our ES modules and then require()ing each other).
import { writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const resolved = [];
const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => resolved.push(url));
port1.unref();
register(new URL('./hooks.mjs', import.meta.url), { data: { port: port2 }, transferList: [port2] });

process.on('exit', () => {
  const required = Object.keys(createRequire(import.meta.url).cache);
  writeFileSync(process.env.HERALD_TEST_LOADED_MODULES, [...resolved, ...required].join('\n'));
});
