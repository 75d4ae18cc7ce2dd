// The CMS's content checks, read from GET /api/v3/checks/ with the checks token: lists
// every error (and, with --warnings, every warning) of the live pages, and fails when
// there is an error. Exit 0: no error; 1: errors; 2: the CMS could not be asked.
//
//   CMS_CHECKS_TOKEN=… node scripts/check-content.mjs http://127.0.0.1:8100 [--warnings]
const [base, ...flags] = process.argv.slice(2);
const token = process.env.CMS_CHECKS_TOKEN ?? "";
if (!base || !token) {
  console.error("usage: CMS_CHECKS_TOKEN=… node scripts/check-content.mjs CMS_URL [--warnings]");
  process.exit(2);
}

const url = new URL("/api/v3/checks/?live=true", base);
let answer;
try {
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) {
    console.error(`error: ${url} answered ${response.status}: ${await response.text()}`);
    process.exit(2);
  }
  answer = await response.json();
} catch (error) {
  console.error(`error: ${url} could not be read: ${error}`);
  process.exit(2);
}

const shown = answer.items.filter((item) => item.severity === "error" || flags.includes("--warnings"));
for (const item of shown) {
  const where = item.where ? ` (${item.where})` : "";
  console.log(`${item.severity}: ${item.path ?? item.page_title} [${item.locale}] ${item.check}${where}: ${item.message}`);
}
console.log(`Content checks of the live pages: ${answer.errors} errors, ${answer.warnings} warnings`);
process.exit(answer.errors > 0 ? 1 : 0);
