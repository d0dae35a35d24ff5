// Prints the gzipped size of the JavaScript the relay ships and fails the build over the budget.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 100 * 1024;
const dir = new URL('../dist/assets/', import.meta.url);
let total = 0;
for (const name of readdirSync(dir)) {
  if (!name.endsWith('.js')) continue;
  const size = gzipSync(readFileSync(join(dir.pathname, name)), { level: 9 }).length;
  console.log(`web-console: ${name} ${(size / 1024).toFixed(1)} KB gzipped`);
  total += size;
}
console.log(`web-console: shipped JavaScript ${(total / 1024).toFixed(1)} KB gzipped (budget ${BUDGET / 1024} KB)`);
if (total > BUDGET) {
  console.error('web-console: the JavaScript is over its budget; make it smaller before shipping.');
  process.exit(1);
}
