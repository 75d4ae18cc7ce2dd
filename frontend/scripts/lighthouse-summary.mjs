// Prints, per URL, the median LCP, CLS, TBT and accessibility score over its runs (what
// lighthouserc.cjs asserts) and the range of TBT, from an lhci filesystem upload
// directory (manifest.json).
import { readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const runs = new Map();
for (const entry of manifest) {
  const lhr = JSON.parse(readFileSync(entry.jsonPath, "utf8"));
  const url = new URL(entry.url);
  const key = url.pathname + url.search;
  if (!runs.has(key)) runs.set(key, []);
  runs.get(key).push(lhr);
}
const rows = [];
for (const [url, lhrs] of runs) {
  const metric = (id) => lhrs.map((lhr) => lhr.audits[id].numericValue);
  const tbt = metric("total-blocking-time");
  rows.push({
    url,
    runs: lhrs.length,
    "LCP s": (median(metric("largest-contentful-paint")) / 1000).toFixed(2),
    CLS: median(metric("cumulative-layout-shift")).toFixed(3),
    "TBT ms": Math.round(median(tbt)),
    "TBT range": `${Math.round(Math.min(...tbt))}-${Math.round(Math.max(...tbt))}`,
    a11y: median(lhrs.map((lhr) => lhr.categories.accessibility.score)),
  });
}
console.table(rows);
