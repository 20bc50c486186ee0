#!/usr/bin/env node
// Initial-load budget: the JavaScript that index.html loads before any lazy route
// (entry script + modulepreloads) must stay at or under 200 KB gzipped. Part of `npm run build`.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET = 200 * 1024;
const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => m[1]);
const unique = [...new Set(initial)];

let total = 0;
for (const src of unique) {
  const bytes = gzipSync(readFileSync(join(dist, src.replace(/^\//, '')))).length;
  total += bytes;
  console.log(`  ${src}  ${(bytes / 1024).toFixed(1)} KB gz`);
}
console.log(`initial JavaScript: ${(total / 1024).toFixed(1)} KB gzipped (budget ${BUDGET / 1024} KB)`);
if (total > BUDGET) {
  console.error('over the initial JavaScript budget: code-split or drop a dependency');
  process.exit(1);
}
