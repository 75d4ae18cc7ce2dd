// Prints the median LCP, CLS, TBT and accessibility score per URL from an lhci
// filesystem upload directory (manifest.json).
import { readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
const rows = [];
for (const entry of manifest.filter((e) => e.isRepresentativeRun)) {
  const lhr = JSON.parse(readFileSync(entry.jsonPath, "utf8"));
  rows.push({
    url: new URL(entry.url).pathname + new URL(entry.url).search,
    "LCP s": (lhr.audits["largest-contentful-paint"].numericValue / 1000).toFixed(2),
    CLS: lhr.audits["cumulative-layout-shift"].numericValue.toFixed(3),
    "TBT ms": Math.round(lhr.audits["total-blocking-time"].numericValue),
    a11y: lhr.categories.accessibility.score,
    perf: lhr.categories.performance.score,
  });
}
console.table(rows);
