#!/usr/bin/env node
// `npm run bench [-- --json]`: runs the benchmarks in bench/ through tsx (they are TypeScript).
const { register } = await import('tsx/esm/api');
register();
await import('../bench/index.ts');
