// Drives the Wagtail admin and the API's Swagger UI in headless Chromium (DevTools
// protocol, no dependencies) and fails if the Content-Security-Policy refuses anything.
//
//   node --experimental-websocket tools/browser_csp_check.mjs http://127.0.0.1:8210 OUT_DIR
//
// Needs a running CMS with the demo content (admin / admin) and `chromium` on PATH.
// Visits the dashboard, a report's editor (StreamField) and its preview panel, the image
// chooser opened from it, and /api/v3/docs/; writes a PNG of each to OUT_DIR and prints every console
// message and CSP violation.

import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const base = process.argv[2] ?? "http://127.0.0.1:8210";
const out = process.argv[3] ?? join(tmpdir(), "csp-check");
const debugPort = Number(process.env.CDP_PORT ?? 8211);
mkdirSync(out, { recursive: true });

const chrome = spawn(
  process.env.CHROMIUM ?? "chromium",
  [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    `--user-data-dir=${mkdtempSync(join(tmpdir(), "csp-chrome-"))}`,
    `--remote-debugging-port=${debugPort}`,
    "--remote-debugging-address=127.0.0.1",
    "--window-size=1400,1000",
    "about:blank",
  ],
  { stdio: ["ignore", "ignore", "pipe"] },
);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function pageSocket() {
  for (let i = 0; i < 50; i++) {
    try {
      const targets = await (await fetch(`http://127.0.0.1:${debugPort}/json/list`)).json();
      const page = targets.find((t) => t.type === "page");
      if (page) return page.webSocketDebuggerUrl;
    } catch {}
    await sleep(200);
  }
  throw new Error("Chromium did not start");
}

const ws = new WebSocket(await pageSocket());
await new Promise((resolve) => ws.addEventListener("open", resolve, { once: true }));
let nextId = 1;
const waiting = new Map();
const listeners = [];
const problems = [];
const messages = [];
ws.addEventListener("message", (event) => {
  const message = JSON.parse(event.data);
  if (message.id && waiting.has(message.id)) {
    waiting.get(message.id)(message);
    waiting.delete(message.id);
    return;
  }
  for (const listener of listeners) listener(message);
});
function send(method, params = {}) {
  const id = nextId++;
  ws.send(JSON.stringify({ id, method, params }));
  return new Promise((resolve, reject) =>
    waiting.set(id, (m) => (m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result))),
  );
}
listeners.push((m) => {
  let text = null;
  if (m.method === "Runtime.consoleAPICalled") {
    text = `console.${m.params.type}: ${m.params.args.map((a) => a.value ?? a.description).join(" ")}`;
  } else if (m.method === "Log.entryAdded") {
    text = `log(${m.params.entry.source}/${m.params.entry.level}): ${m.params.entry.text}`;
  } else if (m.method === "Runtime.exceptionThrown") {
    text = `exception: ${m.params.exceptionDetails.exception?.description ?? m.params.exceptionDetails.text}`;
  }
  if (text) {
    messages.push(text);
    if (/Content.Security.Policy|Refused to/i.test(text)) problems.push(text);
  }
});

await send("Page.enable");
await send("Runtime.enable");
await send("Log.enable");
// Record violations from inside the page too (DevTools' own script is not subject to CSP).
await send("Page.addScriptToEvaluateOnNewDocument", {
  source: `window.__csp = []; document.addEventListener("securitypolicyviolation", (e) =>
    window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sourceFile || "") + ":" + e.lineNumber));`,
});

async function evaluate(expression) {
  const result = await send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
  if (result.exceptionDetails) throw new Error(`${expression}: ${result.exceptionDetails.text}`);
  return result.result.value;
}

async function load(url) {
  const loaded = new Promise((resolve) => {
    const listener = (m) => {
      if (m.method === "Page.loadEventFired") {
        listeners.splice(listeners.indexOf(listener), 1);
        resolve();
      }
    };
    listeners.push(listener);
  });
  await send("Page.navigate", { url });
  await loaded;
  await sleep(1500); // scripts that run after load (StreamField, Swagger UI's fetch)
}

async function shot(name) {
  const violations = await evaluate("window.__csp || []");
  for (const v of violations) problems.push(`${name}: securitypolicyviolation ${v}`);
  const { data } = await send("Page.captureScreenshot", { format: "png" });
  writeFileSync(join(out, `${name}.png`), Buffer.from(data, "base64"));
  console.log(`${name}: ${await evaluate("document.title")} (${violations.length} violations)`);
}

try {
  await load(`${base}/admin/login/`);
  await shot("login");
  await evaluate(`document.querySelector("#id_username").value = "admin";
    document.querySelector("#id_password").value = "admin";
    document.querySelector("form").submit();`);
  await sleep(3000);
  await load(`${base}/admin/`);
  await shot("dashboard");

  const listing = await (await fetch(`${base}/api/v3/pages/?type=reports.ReportPage&limit=1`)).json();
  const report = listing.items[0].id;
  await load(`${base}/admin/pages/${report}/edit/`);
  await shot("report-editor");

  // The preview panel: the CMS's preview page, framing the front end's preview route.
  const previewing = await evaluate(`(() => {
    const toggle = document.querySelector('[data-side-panel-toggle="preview"]');
    if (!toggle) return false;
    toggle.click(); return true;
  })()`);
  if (!previewing) problems.push("report-editor: no preview toggle found");
  await sleep(4000);
  const previewFrame = await evaluate("document.querySelector('iframe[src*=in_preview_panel]')?.src ?? ''");
  if (!previewFrame) problems.push("preview: the panel's iframe is missing");
  await shot("preview-panel");
  await evaluate("document.querySelector('[data-side-panel-toggle=\"preview\"]').click()");
  await sleep(500);

  // The image chooser, opened as an editor does from the page's listing image field.
  const opened = await evaluate(`(() => {
    const button = document.querySelector('.image-chooser [data-chooser-action-choose]');
    if (!button) return false;
    button.scrollIntoView(); button.click(); return true;
  })()`);
  if (!opened) problems.push("report-editor: no chooser button found");
  await sleep(3000);
  const modal = await evaluate("[...document.querySelectorAll('.modal')].map((m) => m.innerText).join(' ')");
  const thumbnails = await evaluate("document.querySelectorAll('.modal img').length");
  if (!/Choose an image/.test(modal)) problems.push("image chooser: the modal did not open");
  console.log(`image-chooser: ${thumbnails} thumbnails`);
  await shot("image-chooser");

  await load(`${base}/api/v3/docs/`);
  await sleep(2000);
  const operations = await evaluate("document.querySelectorAll('.opblock').length");
  if (!operations) problems.push("swagger: no operations rendered");
  await shot("swagger");
  console.log(`swagger: ${operations} operations rendered`);
} finally {
  ws.close();
  chrome.kill();
}

console.log("\nConsole and log messages:");
for (const m of messages) console.log(`  ${m}`);
if (problems.length) {
  console.log("\nCSP problems:");
  for (const p of problems) console.log(`  ${p}`);
  process.exit(1);
}
console.log(`\nNo CSP violations. Screenshots in ${out}`);
