#!/usr/bin/env node
// The `herald` command: the compiled code when it is up to date with the sources, else the
// sources through tsx (see entry.js).
import { runEntry } from './entry.js';

await runEntry('cli/main');
