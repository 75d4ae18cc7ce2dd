import { expect, test, type Page } from "@playwright/test";
import { REPORT_EN, REPORT_ES, sitemapPaths } from "./env";

const journeys = [
  {
    lang: "en",
    home: "/",
    searchPath: "/search/",
    searchButton: "Search",
    searchLabel: "Search the site",
    count4: "Four results for “millennials”",
    count1: /^One result for “millennials”$/,
    reportsBox: /^Reports \(/,
    apply: "Apply filters",
    report: REPORT_EN,
    reportTitle: "Metro Hartford Progress Points: third edition",
    pdf: /Download the full report \(PDF, [\d.,]+ [kM]B\)/,
  },
  {
    lang: "es",
    home: "/es/",
    searchPath: "/es/buscar/",
    searchButton: "Buscar",
    searchLabel: "Buscar en el sitio",
    count4: "Cuatro resultados para “millennials”",
    count1: /^Un resultado para “millennials”$/,
    reportsBox: /^Informes \(/,
    apply: "Aplicar filtros",
    report: REPORT_ES,
    reportTitle: "Metro Hartford Progress Points: tercera edición",
    pdf: /Descargar el informe completo \(PDF, [\d.,]+ [kM]B\)/,
  },
] as const;

async function searchFromHeader(page: Page, j: (typeof journeys)[number]) {
  const form = page.getByRole("search", { name: j.searchLabel });
  await form.getByRole("searchbox").fill("millennials");
  await form.getByRole("button", { name: j.searchButton }).click();
  await expect(page).toHaveURL(new RegExp(`${j.searchPath.replace(/\//g, "\\/")}\\?q=millennials$`));
}

for (const j of journeys) {
  test(`(${j.lang}) a visitor searches, narrows by a facet, opens the report and its PDF`, async ({ page, request }) => {
    await page.goto(j.home);
    await expect(page.locator("html")).toHaveAttribute("lang", j.lang);
    await searchFromHeader(page, j);
    await expect(page.getByTestId("result-count")).toHaveText(j.count4);
    await expect(page.locator(".excerpt mark").first()).toHaveText(/millennials/i);

    await page.getByRole("checkbox", { name: j.reportsBox }).check();
    await page.getByRole("button", { name: j.apply }).click();
    await expect(page).toHaveURL(/type=report/);
    await expect(page.getByTestId("result-count")).toHaveText(j.count1);
    await expect(page.locator(".chips .chip")).toHaveCount(1);

    await page.getByRole("link", { name: j.reportTitle, exact: true }).click();
    await expect(page).toHaveURL(j.report);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(j.reportTitle);
    const pdf = page.getByTestId("report-pdf");
    await expect(pdf).toHaveText(j.pdf);
    const href = await pdf.getAttribute("href");
    expect(href).toMatch(/\.pdf$/);
    const response = await request.get(href as string);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("application/pdf");
    // "Open at page N": the report's sections in its PDF (the PDF is in English, so
    // the Spanish headings are not found in it).
    if (j.lang === "en") {
      await expect(page.locator(".pdf-pages a").first()).toHaveAttribute("href", /\.pdf#page=\d+$/);
    }
    // Indicators are drawn as SVG with the numbers in a table beside them.
    await expect(page.locator("figure.indicator svg[role=img]").first()).toBeVisible();
  });
}

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("the whole search works: query, facets, chips, PDF page links", async ({ page }) => {
    await page.goto("/search/");
    await page.locator("#q").fill("millennials");
    await page.locator("#q").press("Enter");
    await expect(page.getByTestId("result-count")).toHaveText("Four results for “millennials”");
    // The total is what the kinds add up to (a report and its PDF count as two).
    const kinds = await page.getByRole("group", { name: "Type", exact: true }).locator("label").allTextContents();
    expect(kinds.reduce((sum, label) => sum + Number(/\((\d+)\)/.exec(label)?.[1] ?? 0), 0)).toBe(4);

    await page.getByRole("checkbox", { name: /^PDFs \(/ }).check();
    await page.getByRole("checkbox", { name: /^Initiatives \(/ }).check();
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/type=initiative/);
    await expect(page).toHaveURL(/type=document/);
    await expect(page.locator(".chips .chip")).toHaveCount(2);

    // The PDF hit links to the page of the PDF where the words are.
    const pdfLink = page.getByTestId("pdf-page-link").first();
    await expect(pdfLink).toHaveText(/^PDF, page \d+$/);
    expect(await pdfLink.getAttribute("href")).toMatch(/\.pdf#page=\d+$/);

    // Removing a chip keeps the other filter.
    await page.getByRole("link", { name: /Initiatives.*Remove filter/ }).click();
    await expect(page.locator(".chips .chip")).toHaveCount(1);
    await expect(page).not.toHaveURL(/type=initiative/);
    await page.getByRole("link", { name: "Clear all filters" }).click();
    await expect(page.getByTestId("result-count")).toHaveText("Four results for “millennials”");
  });

  test("a search with no match says so", async ({ page }) => {
    await page.goto("/search/?q=zzqqxxnothing");
    await expect(page.getByTestId("result-count")).toHaveText("No results for “zzqqxxnothing”");
  });
});

test("suggestions are an ARIA combobox: arrows and Enter open a page", async ({ page }) => {
  await page.goto("/search/");
  const box = page.getByRole("combobox", { name: "Search the site" });
  await box.pressSequentially("progress", { delay: 20 });
  const option = page.getByRole("option", { name: /Metro Hartford Progress Points/ });
  await expect(option).toBeVisible();
  await expect(box).toHaveAttribute("aria-expanded", "true");
  await box.press("ArrowDown");
  await expect(option).toHaveAttribute("aria-selected", "true");
  await expect(box).toHaveAttribute("aria-activedescendant", (await option.getAttribute("id")) as string);
  await box.press("Escape");
  await expect(box).toHaveAttribute("aria-expanded", "false");
  await box.press("ArrowDown");
  await expect(option).toHaveAttribute("aria-selected", "true");
  await box.press("Enter");
  await expect(page).toHaveURL(REPORT_EN);
});

test("the language switch opens the translation the API names; hreflang is reciprocal", async ({ page }) => {
  await page.goto(REPORT_EN);
  await page.getByRole("link", { name: "Leer en español" }).click();
  await expect(page).toHaveURL(REPORT_ES);
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  for (const path of [REPORT_EN, REPORT_ES]) {
    await page.goto(path);
    const links = page.locator('head link[rel="alternate"][hreflang]');
    await expect(links).toHaveCount(3);
    await expect(page.locator('head link[hreflang="en"]')).toHaveAttribute("href", new RegExp(`${REPORT_EN}$`));
    await expect(page.locator('head link[hreflang="es"]')).toHaveAttribute("href", new RegExp(`${REPORT_ES}$`));
    await expect(page.locator('head link[hreflang="x-default"]')).toHaveAttribute("href", new RegExp(`${REPORT_EN}$`));
  }
  await page.getByRole("link", { name: "Read in English" }).click();
  await expect(page).toHaveURL(REPORT_EN);
});

test("sitemap index lists both languages with alternates; robots points to it", async ({ request }) => {
  const index = await (await request.get("/sitemap.xml")).text();
  expect(index).toMatch(/<sitemapindex[^>]*>/);
  expect(index).toContain("/sitemap/en-0.xml</loc>");
  expect(index).toContain("/sitemap/es-0.xml</loc>");
  const spanish = await request.get("/sitemap/es-0.xml");
  expect(spanish.headers()["content-type"]).toContain("xml");
  const sitemap = await spanish.text();
  expect(sitemap).toContain(`${REPORT_ES}</loc>`);
  expect(sitemap).toMatch(new RegExp(`hreflang="es" href="[^"]*${REPORT_ES}"`));
  expect(sitemap).toMatch(new RegExp(`hreflang="en" href="[^"]*${REPORT_EN}"`));
  expect((await request.get("/sitemap/es-99.xml")).status()).toBe(404);
  const paths = await sitemapPaths(request);
  expect(paths).toContain("/");
  expect(paths).toContain("/es/");
  const robots = await (await request.get("/robots.txt")).text();
  expect(robots).toMatch(/Sitemap: .*\/sitemap\.xml/);
});
