// Generates TypeScript types from the API's OpenAPI document, as a front end would
// (openapi-typescript), then type-checks a small consumer with tsc: page bodies must be
// typed unions narrowed by `type`, never `unknown`.
//
//   node check.mjs path/to/openapi.json
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const here = dirname(fileURLToPath(import.meta.url));
const source = process.argv[2];
if (!source) {
  console.error("usage: node check.mjs openapi.json");
  process.exit(2);
}
const out = join(here, "generated");
mkdirSync(out, { recursive: true });

const document = JSON.parse(readFileSync(source, "utf8"));
const ast = await openapiTS(document);
const types = astToString(ast);
writeFileSync(join(out, "api.d.ts"), types);

const failures = [];
for (const name of [
  "HomePageDetail",
  "ContentPageDetail",
  "InitiativePageDetail",
  "ReportPageDetail",
  "IndustryProfilePageDetail",
]) {
  const start = types.indexOf(`        ${name}: {`);
  if (start < 0) {
    failures.push(`${name} is missing from the generated types`);
    continue;
  }
  const block = types.slice(start, types.indexOf("\n        };", start));
  const body = block.match(/\n\s+body: ([^;]+);/);
  if (!body || body[1].includes("unknown")) {
    failures.push(`${name}.body is not typed: ${body ? body[1] : "absent"}`);
  }
}

// A consumer that only compiles if the discriminated unions narrow properly.
writeFileSync(
  join(out, "consumer.ts"),
  `import type { components, paths } from "./api";
type Detail = paths["/api/v3/pages/{page_id}/"]["get"]["responses"][200]["content"]["application/json"];
export function describe(page: Detail): string {
  switch (page.type) {
    case "reports.ReportPage": {
      const parts: string[] = [page.report_type, page.document && !page.document.restricted ? page.document.url : ""];
      for (const block of page.body) {
        switch (block.type) {
          case "indicator": parts.push(block.value.value === null ? "" : block.value.value.toFixed(1), block.value.indicator ? block.value.indicator.slug : ""); break;
          case "data_table": parts.push(String(block.value.table.rows.length)); break;
          case "challenge": parts.push(block.value.question); break;
          case "where_change": parts.push(block.value.items.join(", ")); break;
          default: parts.push(block.type);
        }
      }
      return parts.join(" ");
    }
    case "initiatives.InitiativePage": return page.goal;
    case "home.HomePage": return page.hero_heading;
    default: return page.title;
  }
}
type Route = paths["/api/v3/route/"]["get"]["responses"][200]["content"]["application/json"];
export function where(route: Route): string {
  return route.kind === "page" ? route.page.title : route.redirect.location;
}
export type Card = components["schemas"]["PageCard"];
`,
);
try {
  execFileSync(
    join(here, "node_modules", ".bin", "tsc"),
    ["--noEmit", "--strict", "--target", "es2022", "--moduleResolution", "bundler",
     "--module", "esnext", join(out, "consumer.ts")],
    { stdio: "inherit" },
  );
} catch {
  failures.push("the generated types do not narrow as a front end needs (tsc failed)");
}

if (failures.length) {
  console.error(failures.map((f) => `FAIL ${f}`).join("\n"));
  process.exit(1);
}
console.log("OpenAPI types OK: page bodies are typed and discriminated.");
