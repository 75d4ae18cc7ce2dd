// First-load JavaScript, gzipped, of the pages a visitor lands on: the <script src> of
// each page as the running front end serves it, each file read from .next/static and
// gzipped here (level 9). Fails above the budget.
//
//   node scripts/first-load-js.mjs http://127.0.0.1:3100 / /search/?q=x …
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_KB = Number(process.env.FIRST_LOAD_JS_BUDGET_KB ?? 200);
const [base, ...paths] = process.argv.slice(2);
if (!base || paths.length === 0) {
  console.error("usage: node scripts/first-load-js.mjs BASE_URL PATH…");
  process.exit(2);
}

let failed = false;
const rows = [];
for (const path of paths) {
  const html = await (await fetch(base + path)).text();
  // Modern browsers skip noModule scripts (the legacy polyfills): they are not loaded.
  const tags = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"[^>]*>/g)].filter((m) => !/nomodule/i.test(m[0]));
  const sources = new Set(tags.map((m) => m[1]));
  let raw = 0;
  let gzip = 0;
  for (const src of sources) {
    const url = new URL(src, base);
    if (!url.pathname.startsWith("/_next/static/")) throw new Error(`unexpected script ${src} on ${path}`);
    const file = readFileSync(join(".next/static", decodeURIComponent(url.pathname.slice("/_next/static/".length))));
    raw += file.length;
    gzip += gzipSync(file, { level: 9 }).length;
  }
  const kb = gzip / 1024;
  if (kb > BUDGET_KB) failed = true;
  rows.push({ page: path, scripts: sources.size, raw_kb: (raw / 1024).toFixed(1), gzip_kb: kb.toFixed(1), budget_kb: BUDGET_KB });
}
console.table(rows);
if (failed) {
  console.error(`First-load JavaScript over ${BUDGET_KB} KB gzipped.`);
  process.exit(1);
}
console.log(`First-load JavaScript within ${BUDGET_KB} KB gzipped on every page.`);
