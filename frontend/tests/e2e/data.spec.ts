/**
 * Indicators as data (issue 14), as a visitor meets them in both languages: the data
 * index with a trend line per indicator, an indicator's page with its chart, table and
 * download, "Sample data" where the series is a sample, the report's figures and tables
 * linking their downloads and their indicators; every download answers 200 with its type.
 * Without JavaScript too: the chart, its words and the table are in the served HTML.
 */
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { CMS_URL, FE_DOWN_URL, REPORT_EN, REPORT_ES } from "./env";

const LANGUAGES = {
  en: {
    index: "/data/",
    heading: "Data",
    sample: "Sample data",
    download: "Download the data",
    values: /^Values of /,
    figures: "Download the figures",
    table: "Download this table (CSV)",
    indicator: "See the indicator and its data",
    report: REPORT_EN,
    chart: /Line chart of |Chart of /,
    notFound: "Page not found",
    unavailable: "The site is briefly unavailable",
  },
  es: {
    index: "/es/datos/",
    heading: "Datos",
    sample: "Datos de muestra",
    download: "Descargar los datos",
    values: /^Valores de /,
    figures: "Descargar las figuras",
    table: "Descargar esta tabla (CSV)",
    indicator: "Ver el indicador y sus datos",
    report: REPORT_ES,
    chart: /Gráfico de líneas de |Gráfico de /,
    notFound: "Página no encontrada",
    unavailable: "El sitio no está disponible por un momento",
  },
} as const;

/** A download answers 200 with its content type (the CMS's, on its own host). */
async function expectDownload(request: APIRequestContext, href: string | null, type: RegExp) {
  expect(href, "the link's href").toBeTruthy();
  const response = await request.get(href as string);
  expect(response.status(), href as string).toBe(200);
  expect(response.headers()["content-type"], href as string).toMatch(type);
  return response;
}

/** The index's cards: each indicator's link, and whether it says it is a sample. */
async function cards(page: Page) {
  const items = page.locator(".indicator-card");
  const out: { href: string; name: string; sample: boolean }[] = [];
  for (let i = 0; i < (await items.count()); i += 1) {
    const item = items.nth(i);
    const link = item.locator("h3 a");
    out.push({
      href: (await link.getAttribute("href")) as string,
      name: (await link.innerText()).trim(),
      sample: (await item.locator(".sample-badge").count()) > 0,
    });
  }
  return out;
}

for (const [lang, words] of Object.entries(LANGUAGES) as [keyof typeof LANGUAGES, (typeof LANGUAGES)[keyof typeof LANGUAGES]][]) {
  test.describe(`in ${lang === "en" ? "English" : "Spanish"}`, () => {
    test("the data index lists every indicator with its trend line, samples marked", async ({ page, request }) => {
      const response = await page.goto(words.index);
      expect(response?.status()).toBe(200);
      await expect(page.locator("html")).toHaveAttribute("lang", lang);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(words.heading);
      const list = await cards(page);
      expect(list.length).toBeGreaterThan(0);
      // Every indicator of the API is listed.
      const api = await request.get(`${CMS_URL}/api/v3/indicators/?locale=${lang}&limit=100`);
      const body = await api.json();
      expect(list.length).toBe(body.count);
      for (const card of list) expect(card.href.startsWith(words.index)).toBe(true);
      // A trend line is an image with words.
      const sparkline = page.locator(".indicator-card svg.sparkline").first();
      await expect(sparkline).toHaveAttribute("role", "img");
      expect((await sparkline.getAttribute("aria-label"))?.length).toBeGreaterThan(10);
      // Sample data says so, prominently, on the index and on each sample indicator's card.
      const samples = body.items.filter((i: { is_sample: boolean }) => i.is_sample).length;
      expect(list.filter((c) => c.sample).length).toBe(samples);
      if (samples) await expect(page.getByTestId("sample-data")).toContainText(words.sample);
    });

    test("an indicator: the chart with its words, the table, the download as CSV", async ({ page, request }) => {
      await page.goto(words.index);
      const list = await cards(page);
      // A sample indicator where there is one: the label must show.
      const chosen = list.find((c) => c.sample) ?? list[0];
      const response = await page.goto(chosen.href);
      expect(response?.status()).toBe(200);
      await expect(page.getByRole("heading", { level: 1 })).toContainText(chosen.name);
      if (chosen.sample) {
        await expect(page.getByTestId("sample-data")).toBeVisible();
        await expect(page.getByTestId("sample-data")).toContainText(words.sample);
      }
      const chart = page.getByRole("img", { name: chosen.name }).first();
      await expect(chart).toBeVisible();
      const described = await chart.getAttribute("aria-describedby");
      await expect(page.locator(`[id="${described}"]`)).toHaveText(words.chart);
      await expect(page.locator("table.values caption")).toHaveText(words.values);
      expect(await page.locator("table.values tbody tr").count()).toBeGreaterThan(0);
      const csv = page.getByRole("link", { name: new RegExp(`^${words.download}`) }).first();
      const download = await expectDownload(request, await csv.getAttribute("href"), /^text\/csv/);
      expect((await download.text()).split("\n")[0]).toMatch(/period/);
      await expectDownload(request, await page.getByTestId("download-json").getAttribute("href"), /json/);
      // The language switch leads to the same indicator in the other language.
      const other = lang === "en" ? LANGUAGES.es.index : LANGUAGES.en.index;
      await expect(page.locator("a.lang-switch")).toHaveAttribute("href", new RegExp(`^${other}[^/]+/$`));
      await expect(page.locator('link[rel="alternate"][hreflang="x-default"]')).toHaveCount(1);
      await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", new RegExp(`${chosen.href}$`));
    });

    test("the report links its figures and its tables' data, and its indicators' pages", async ({ page, request }) => {
      await page.goto(words.report);
      const figures = page.getByTestId("figures-download");
      await expect(figures).toContainText(words.figures);
      await expectDownload(request, await figures.getAttribute("href"), /^application\/zip/);
      const tables = page.getByTestId("table-download");
      expect(await tables.count()).toBeGreaterThan(0);
      await expect(tables.first()).toContainText(words.table);
      for (let i = 0; i < (await tables.count()); i += 1) {
        await expectDownload(request, await tables.nth(i).getAttribute("href"), /^text\/csv/);
      }
      // The demo's report keeps its figures typed in by hand (its indicators are sample
      // data, never in a report's body): a linked block is checked where there is one.
      const indicators = page.getByTestId("indicator-link");
      if ((await indicators.count()) === 0) {
        test.info().annotations.push({ type: "note", description: "no indicator block of this report links an indicator" });
        return;
      }
      await expect(indicators.first()).toContainText(words.indicator);
      const href = (await indicators.first().getAttribute("href")) as string;
      expect(href.startsWith(words.index)).toBe(true);
      const block = page.getByTestId("indicator-block").filter({ has: indicators.first() });
      const csv = block.getByTestId("indicator-download");
      if (await csv.count()) await expectDownload(request, await csv.getAttribute("href"), /^text\/csv/);
      await indicators.first().click();
      await expect(page).toHaveURL(new RegExp(`${href}$`));
      await expect(page.locator("table.values")).toBeVisible();
    });

    test("an unknown indicator is a 404 with the site's page", async ({ page }) => {
      const response = await page.goto(`${words.index}no-such-indicator/`);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(words.notFound);
    });
  });
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the chart, its words and the table are in the served page", async ({ page, request }) => {
    await page.goto("/data/");
    const href = (await cards(page))[0].href;
    const html = await (await request.get(href)).text();
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="chart-wide-title"/);
    expect(html).toMatch(/<desc id="chart-wide-desc">(Line chart of|Chart of) /);
    expect(html).toMatch(/<table class="values"><caption>Values of /);
    await page.goto(href);
    await expect(page.locator("svg.chart-wide")).toBeVisible();
    await expect(page.locator("table.values")).toBeVisible();
  });

  test("the reader chooses the places to compare with a plain form", async ({ page }) => {
    await page.goto("/data/");
    await page.goto((await cards(page))[0].href);
    const before = await page.locator("table.values thead th").allInnerTexts();
    await page.getByText("Compare other places").click();
    const boxes = page.locator(".choose-places input[type=checkbox]");
    const unticked = page.locator(".choose-places input[type=checkbox]:not(:checked)").first();
    test.skip((await boxes.count()) < 2 || (await unticked.count()) === 0, "no other place to choose");
    const id = (await unticked.getAttribute("id")) as string;
    const name = (await page.locator(`label[for="${id}"]`).innerText()).trim();
    for (let i = 0; i < (await boxes.count()); i += 1) await boxes.nth(i).uncheck();
    await page.locator(`[id="${id}"]`).check();
    await page.getByRole("button", { name: "Show" }).click();
    await expect(page).toHaveURL(/\?geography=/);
    const after = await page.locator("table.values thead th").allInnerTexts();
    expect(after).toEqual([before[0], before[1], name]);
    await expect(page.locator(".chart-legend")).toContainText(name);
  });

  test("the data pages with the CMS down: 503 and the friendly page", async ({ page }) => {
    for (const [path, heading] of [
      ["/data/", LANGUAGES.en.unavailable],
      ["/es/datos/graduados-retenidos/", LANGUAGES.es.unavailable],
    ]) {
      const response = await page.goto(`${FE_DOWN_URL}${path}`);
      expect(response?.status()).toBe(503);
      expect(Number(response?.headers()["retry-after"])).toBeGreaterThan(0);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    }
  });
});

test("in print, the wide chart and the table show; the phone's drawing does not", async ({ page }) => {
  await page.goto("/data/");
  const href = (await cards(page))[0].href;
  await page.setViewportSize({ width: 360, height: 780 });
  await page.goto(href);
  await expect(page.locator("svg.chart-narrow")).toBeVisible();
  await expect(page.locator("svg.chart-wide")).toBeHidden();
  await page.emulateMedia({ media: "print" });
  await expect(page.locator("svg.chart-wide")).toBeVisible();
  await expect(page.locator("svg.chart-narrow")).toBeHidden();
  await expect(page.locator("table.values")).toBeVisible();
  await expect(page.locator(".site-header")).toBeHidden();
});
