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
  // A chooser's backdrop fades out, and the admin's messages fade in: shown as they end.
  await expect(page.locator(".modal-backdrop")).toHaveCount(0);
  await page.waitForTimeout(800);
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

  // The indicator in Spanish, through wagtail-localize: Translate (in the listing), then
  // its words in the translation editor, then publish. The series is the same.
  await page.goto(`${CMS_URL}/admin/snippets/indicators/indicator/?locale=en&q=${encodeURIComponent(STAMP)}`);
  const row = page.locator("tr", { hasText: NAME });
  await row.getByRole("button", { name: /^More options for/ }).click();
  await row.getByRole("link", { name: /^Translate/ }).click();
  await page.getByLabel("Spanish").check();
  await page.locator("main input[type=submit]").click();
  await expect(page.getByRole("heading", { name: "English to Spanish translation" })).toBeVisible();
  const spanish: [string, string][] = [
    ["Name", NAME_ES],
    ["Slug", SLUG_ES],
    ["Definition", "Proporción de los residentes ocupados que van a pie al trabajo (cifras de prueba)."],
    ["Source name", "Fuente de la prueba del editor"],
  ];
  for (const [field, words] of spanish) {
    const segment = page.locator("li").filter({ has: page.locator("h3", { hasText: new RegExp(`^${field}$`) }) }).first();
    await segment.getByRole("button", { name: "Translate" }).click();
    await segment.locator("textarea").fill(words);
    await segment.getByRole("button", { name: "Save" }).click();
    await expect(segment).toContainText("Translated manually");
  }
  await shot(page, "05-translation");
  await page.getByRole("button", { name: "Publish in Spanish" }).click();
  await expect(page.locator(".messages")).toContainText(/Published/);
  const inSpanish = await apiSeries(request, SLUG_ES, "es");
  expect(inSpanish.name).toBe(NAME_ES);
  expect(inSpanish.is_sample).toBe(true);
  expect(inSpanish.series.length, "the Spanish indicator reads the same series").toBe(3);

  // 4. The report: an indicator block at the end of its body, this indicator, the
  // period the edition reports and a geography to compare with; then publish.
  const routed = await (await request.get(`${CMS_URL}/api/v3/route/?path=${REPORT_EN}`)).json();
  await page.goto(`${CMS_URL}/admin/pages/${routed.page.id}/edit/`);
  const last = await page.evaluate(() => {
    const body = document.querySelector("#body-root > [data-streamfield-stream-container]");
    let found = -1;
    document.querySelectorAll("button.c-sf-add-button").forEach((button, i) => {
      if (button.closest("[data-streamfield-stream-container]") === body) found = i;
    });
    return found;
  });
  expect(last, "the body's last 'Insert a block' button").toBeGreaterThanOrEqual(0);
  await page.locator("button.c-sf-add-button").nth(last).click();
  await page.getByRole("option", { name: "Indicator", exact: true }).click();
  const block = page.locator("#body-root > [data-streamfield-stream-container] > [data-streamfield-child]").last();
  await block.getByRole("button", { name: "Choose indicator" }).click();
  const chooser = page.locator(".modal-dialog");
  await chooser.getByRole("link", { name: `${NAME} (sample data)` }).click();
  await expect(block.getByText(`${NAME} (sample data)`)).toBeVisible();
  await block.getByLabel("Indicator period").fill(PERIOD);
  await block.getByRole("button", { name: "Choose geography" }).click();
  await chooser.getByRole("link", { name: "United States", exact: true }).click();
  await expect(block.getByText("United States", { exact: true })).toBeVisible();
  await expect(chooser).toBeHidden();
  await shot(page, "06-report-block");
  await page.getByRole("button", { name: "More actions" }).click();
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  // Wagtail's editing sessions may say this user saved the page in another window (an
  // earlier spec's publish, or an explorer's sync, as the same admin): it is their own
  // version, and the editor proceeds.
  const elsewhere = page.getByRole("dialog", { name: "You saved a new version in another window" });
  const published = page.locator(".messages").filter({ hasText: /published/i });
  await expect(published.or(elsewhere)).toBeVisible({ timeout: 30_000 });
  if (await elsewhere.isVisible()) {
    test.info().annotations.push({ type: "note", description: "Wagtail asked about a version saved in another window" });
    await elsewhere.getByRole("button", { name: "Publish" }).click();
  }
  await expect(page.locator(".messages")).toContainText(/published/i, { timeout: 30_000 });

  // The Spanish report follows: Sync translated pages, published at once (the new
  // block's indicator becomes its Spanish translation).
  // Publishing returns to the reports' listing: back to the report, its header's actions.
  await page.goto(`${CMS_URL}/admin/pages/${routed.page.id}/edit/`);
  await page.locator("header").getByRole("button", { name: "Actions" }).first().click();
  await page.getByRole("link", { name: "Sync translated pages" }).click();
  await expect(page.locator("main")).toContainText("Metro Hartford Progress Points: tercera edición");
  await page.getByLabel("Publish immediately").check();
  await page.locator("main [type=submit]").last().click();
  await expect(page.locator(".messages")).toContainText("Successfully updated translations");

  // 5. The front end, in both languages.
  const languages = [
    { lang: "en", report: REPORT_EN, index: "/data/", slug: SLUG, name: NAME, download: "Download the data", intl: "en-US" },
    { lang: "es", report: REPORT_ES, index: "/es/datos/", slug: SLUG_ES, name: NAME_ES, download: "Descargar los datos", intl: "es-US" },
  ];
  for (const words of languages) {
    // Numbers as the site writes them in each language (es-US: a decimal point too).
    const digits = new Intl.NumberFormat(words.intl, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const local = (value: string) => digits.format(Number(value));
    const href = `${words.index}${words.slug}/`;
    // The report shows the point (Metro Hartford in 2023) and the comparison, and links
    // to the indicator. The publish webhook refreshes the page; poll until it has.
    await expect
      .poll(async () => (await (await request.get(words.report)).text()).includes(href), {
        message: `${words.report} links ${href}`,
        timeout: 45_000,
        intervals: [250, 500, 1000],
      })
      .toBe(true);
    await page.goto(words.report);
    const figure = page.getByTestId("indicator-block").filter({ has: page.locator(`a[href="${href}"]`) });
    await expect(figure).toHaveCount(1);
    await expect(figure.locator(".indicator-label")).toHaveText(words.name);
    await expect(figure.locator(".indicator-value")).toContainText(local("64.9"));
    await expect(figure.locator(".sample-badge")).toBeVisible();
    await expect(figure.locator("table")).toContainText(local("59.8"));
    await figure.scrollIntoViewIfNeeded();
    await page.screenshot({ path: resolve(SHOTS, `indicators-07-report-${words.lang}.png`) });

    // The indicator's page: the chart (an image with a title), the table, the download.
    await figure.getByTestId("indicator-link").click();
    await expect(page).toHaveURL(new RegExp(`${href}$`));
    await expect(page.locator("html")).toHaveAttribute("lang", words.lang);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(words.name);
    const chart = page.locator("svg.chart-wide");
    await expect(chart).toHaveAttribute("role", "img");
    await expect(chart.locator("title")).toContainText(words.name);
    const table = page.locator("table.values");
    for (const value of ["61.7", "63.4", "64.9", "58.2", "59.8"]) await expect(table).toContainText(local(value));
    await shot(page, `08-indicator-${words.lang}`);
    const link = page.getByRole("link", { name: new RegExp(`^${words.download}`) }).first();
    const csv = await request.get((await link.getAttribute("href")) as string);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toMatch(/^text\/csv/);
    const text = await csv.text();
    const lines = text.split(/\r?\n/);
    for (const [geography, periods] of Object.entries(GOOD)) {
      for (const [period, value] of Object.entries(periods)) {
        const row = `${words.slug},${geography},${period},${value},`;
        expect(lines.some((line) => line.startsWith(row)), `${row} in the download`).toBe(true);
      }
    }
  }
});
