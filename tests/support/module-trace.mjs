// `node --import ./module-trace.mjs ...`: appends the URL of every module loaded after it to the
// file named by MODULE_TRACE, one per line, to check what a command loads.
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
    import { appendFileSync } from 'node:fs';
    export async function load(url, context, next) {
      appendFileSync(process.env.MODULE_TRACE, url + '\\n');
      return next(url, context);
    }
  `)}`,
);
