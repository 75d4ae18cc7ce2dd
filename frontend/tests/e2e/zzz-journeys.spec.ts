import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { CMS_ROOT, CMS_URL, FE_URL } from "./env";

/*
 * The editorial journeys of the admin, in a real browser, each role signed in in its own
 * browser context: an Editor creates a report with a PDF and a figure, sees a content
 * check, fixes it and submits it; a Moderator approves it with a comment; a Translator
 * translates it to Spanish and submits that; the Moderator approves the Spanish page
 * with a go-live time a few seconds ahead and the scheduler (run_scheduler, started by
 * bin/ci) publishes it; the front end shows the report in both languages.
 *
 * Each step leaves a screenshot in docs/screenshots/editor/ (overwritten on every run,
 * so they stay current; the README's Roles section shows the dashboards).
 * Runs after every other spec (file name): it adds a report to the site.
 */

const SHOTS = resolve(CMS_ROOT, "docs/screenshots/editor");
const FIXTURES = resolve(CMS_ROOT, "frontend/tests/fixtures");
const VIEWPORT = { width: 1280, height: 800 };
/** The CMS's TIME_ZONE: the go-live time is typed as its editors would. */
const CMS_TIME_ZONE = "America/New_York";
const REPORTS_EN = "/business-insights/brochures-and-reports/";
const REPORTS_ES = "/es/informacion-empresarial/folletos-e-informes/";
/** How far ahead the Moderator sets the Spanish page's go-live time. */
const GO_LIVE_AHEAD_MS = 40_000;

const TITLE = "Commuting in the Hartford region";
const TITLE_ES = "Desplazamientos al trabajo en la región de Hartford";
const DOCUMENT_TITLE = "Commuting in the Hartford region (full report)";
const IMAGE_ALT = "Cars with their lights on, queued on a highway at dusk.";

async function signIn(browser: Browser, username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, timezoneId: CMS_TIME_ZONE });
  const page = await context.newPage();
  await page.goto(`${CMS_URL}/admin/login/`);
  await page.getByLabel(/username/i).fill(username);
  await page.getByLabel(/password/i).fill(username);
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page).toHaveURL(/\/admin\/$/);
  await expect(page.locator('[data-dashboard-panel="my_submissions"]')).toBeVisible(); // drawn
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SHOTS, name) });
}

/**
 * Wagtail 8 saves drafts by itself as the editor types; a "Save draft" clicked while such
 * a save is in flight races it (on a new page, both try to create it). Click when idle.
 */
async function saveDraft(page: Page): Promise<void> {
  const saving = page.locator(".w-autosave-indicator__state--saving");
  await expect(saving).toBeHidden();
  await page.waitForLoadState("networkidle");
  await expect(saving).toBeHidden();
  await page.getByRole("button", { name: "Save draft" }).click();
}

/** The editor's Checks panel, reloaded until its findings of ``code`` are ``count``. */
async function waitForFindings(page: Page, code: string, count: number): Promise<void> {
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.locator(`[data-content-checks] [data-finding="${code}"]`).count();
      },
      { message: `the task worker's checks of the saved draft (${code})`, timeout: 45_000, intervals: [500, 1000, 2000] },
    )
    .toBe(count);
  // Wagtail remembers an open side panel across reloads.
  if (!(await page.locator("[data-content-checks]").isVisible())) {
    await page.getByRole("button", { name: "Toggle checks" }).click();
  }
  await expect(page.getByRole("button", { name: /^Mark reviewed/ })).toBeInViewport({ ratio: 1 });
}

/** A local date-time as <input type="datetime-local" step="1"> takes it, in the CMS's zone. */
function localDateTime(date: Date): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: CMS_TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part("year")}-${part("month")}-${part("day")}T${part("hour")}:${part("minute")}:${part("second")}`;
}

// A step that cannot happen fails in seconds, not at the test's timeout.
test.use({ actionTimeout: 15_000, navigationTimeout: 30_000 });

/** What the Translator types, for each English string of the report. */
function spanishStrings(stamp: string): Record<string, string> {
  return {
    [TITLE]: TITLE_ES,
    "2026": "2026",
    "How people in the Hartford region get to work, and how long it takes them.":
      "Cómo llega al trabajo la gente de la región de Hartford, y cuánto tarda.",
    "Time spent getting to work": "Tiempo para llegar al trabajo",
    "Median one-way commute": "Trayecto medio de ida",
    minutes: "minutos",
    "Regional commuting survey": "Encuesta regional de desplazamientos",
    [IMAGE_ALT]: "Coches con las luces encendidas, en fila en una autopista al anochecer.",
    "Rush hour on Interstate 84.": "Hora punta en la Interestatal 84.",
    [`commuting-${stamp}`]: `desplazamientos-${stamp}`,
  };
}

test("an Editor, a Moderator and a Translator take a report to the site in two languages", async ({
  browser,
  request,
}) => {
  test.setTimeout(240_000);
  const stamp = Date.now().toString(36); // unique slugs, should a CMS be reused
  const index = await (await request.get(`${CMS_URL}/api/v3/route/?path=${REPORTS_EN}`)).json();

  // 1. The Editor creates the report: a PDF uploaded through the document chooser, a
  //    heading (at level 3, skipping level 2: a mistake the checks find), a figure (an
  //    indicator) and a newly uploaded image with its alt text.
  const editor = await signIn(browser, "editor");
  await shot(editor, "01-editor-dashboard.png");
  await editor.goto(`${CMS_URL}/admin/pages/add/reports/reportpage/${index.page.id}/`);
  await editor.getByRole("textbox", { name: "Title*" }).fill(TITLE);
  await editor.getByRole("combobox", { name: "Report type*" }).selectOption("data_brief");
  await editor.getByRole("textbox", { name: "Edition" }).fill("2026");
  await editor.getByRole("textbox", { name: "Publication date*" }).fill("2026-12-01");
  await editor.keyboard.press("Escape");
  await editor
    .getByRole("textbox", { name: "Summary*" })
    .fill("How people in the Hartford region get to work, and how long it takes them.");

  const modal = editor.locator(".modal");
  await editor.getByRole("button", { name: "Choose a document" }).click();
  await modal.getByRole("tab", { name: /Upload/ }).click();
  await modal.getByRole("textbox", { name: "Title*" }).fill(DOCUMENT_TITLE);
  await modal.getByLabel("File*").setInputFiles(resolve(FIXTURES, "commuting-report.pdf"));
  await modal.getByRole("button", { name: "Upload" }).click();
  await expect(modal).toBeHidden();
  await expect(editor.locator("#panel-child-content-document-section")).toContainText(DOCUMENT_TITLE);

  const body = editor.locator("#panel-child-content-body-section");
  await body.getByRole("button", { name: "Insert a block" }).click();
  await editor.getByRole("option", { name: "Heading" }).click();
  await editor.locator("#body-0-value-text").fill("Time spent getting to work");
  await editor.locator("#body-0-value-level").selectOption("h3");
  await body.getByRole("button", { name: "Insert a block" }).last().click();
  await editor.getByRole("option", { name: "Indicator" }).click();
  await editor.locator("#body-1-value-label").fill("Median one-way commute");
  await editor.locator("#body-1-value-value").fill("24");
  await editor.locator("#body-1-value-unit").fill("minutes");
  await editor.locator("#body-1-value-period").fill("2026");
  await editor.locator("#body-1-value-source").fill("Regional commuting survey");
  await body.getByRole("button", { name: "Insert a block" }).last().click();
  await editor.getByRole("option", { name: "Image" }).click();
  await body.getByRole("button", { name: "Choose an image" }).click();
  await modal.getByRole("tab", { name: /Upload/ }).click();
  await modal.getByRole("textbox", { name: "Title*" }).fill(`Rush hour on Interstate 84 ${stamp}`);
  await modal.getByLabel("File*").setInputFiles(resolve(FIXTURES, "rush-hour.jpg"));
  await modal.getByRole("button", { name: "Upload" }).click();
  // A CMS used before has this file already: Wagtail asks, and the existing one is used.
  const keep = modal.getByText("Use existing and delete new");
  await expect.poll(async () => (await keep.isVisible()) || !(await modal.isVisible())).toBe(true);
  if (await keep.isVisible()) await keep.click();
  await expect(modal).toBeHidden();
  // Wagtail suggests the image's title as its alt text; the Editor describes it instead.
  await editor.locator("#body-2-value-image-alt_text").fill(IMAGE_ALT);
  await editor.locator("#body-2-value-caption").fill("Rush hour on Interstate 84.");
  // The slug last: Wagtail keeps it in step with the title until it is typed.
  await editor.getByRole("tab", { name: "Promote" }).click();
  await editor.getByRole("textbox", { name: "Slug*" }).fill(`commuting-${stamp}`);
  await editor.getByRole("tab", { name: "Content" }).click();
  await editor.locator("#panel-child-content-document-section").evaluate((e) => e.scrollIntoView());
  await shot(editor, "02-editor-uploads-pdf.png");
  await body.evaluate((e) => e.scrollIntoView());
  await shot(editor, "03-editor-adds-figure.png");
  await saveDraft(editor);
  // Created (by this save, or by an autosave just before it, which this one updates).
  await expect(editor.locator(".messages")).toContainText(new RegExp(`Page '${TITLE}' (created|has been updated)`), {
    timeout: 30_000,
  });
  const action = await editor.locator("form#page-edit-form").getAttribute("action");
  const pageId = Number(/pages\/(\d+)\/edit/.exec(action ?? "")![1]);

  // 2. The content checks ran on the saved draft: the heading skips level 2.
  await waitForFindings(editor, "heading_levels", 1);
  const finding = editor.locator('[data-content-checks] [data-finding="heading_levels"]');
  await expect(finding).toContainText("Error: Heading skips a level");
  await expect(finding).toContainText("body.0.heading");
  await shot(editor, "04-editor-sees-content-check.png");

  // 3. The Editor makes it a level 2 heading; the next check of the draft clears the error.
  await editor.locator("#body-0-value-level").selectOption("h2");
  await saveDraft(editor);
  await expect(editor.locator(".messages")).toContainText("updated");
  await waitForFindings(editor, "heading_levels", 0);
  await shot(editor, "05-editor-fixes-check.png");

  // 4. …and submits it: reports go through the Moderation workflow.
  await editor.getByRole("button", { name: "More actions" }).click();
  await editor.getByRole("button", { name: "Submit to Moderation" }).click();
  await expect(editor.locator(".messages")).toContainText("has been submitted for moderation");
  await shot(editor, "06-editor-submits.png");

  // 5. The Moderator finds it on the dashboard, and approves it with a comment.
  const moderator = await signIn(browser, "moderator");
  const waiting = moderator.locator('[data-dashboard-panel="awaiting_approval"]');
  const submitted = waiting.getByRole("row").filter({ has: moderator.locator(`a[href="/admin/pages/${pageId}/edit/"]`) });
  await expect(submitted).toContainText(TITLE);
  await expect(submitted).toContainText("submitted by editor");
  await shot(moderator, "07-moderator-dashboard.png");
  await submitted.getByRole("link", { name: TITLE }).click();
  await expect(moderator).toHaveURL(new RegExp(`/admin/pages/${pageId}/edit/$`));
  await moderator.getByRole("button", { name: "More actions" }).click();
  await moderator.getByRole("button", { name: /^Approve with comment/ }).click();
  const dialog = moderator.locator(".modal");
  await dialog.getByRole("textbox", { name: /comment/i }).fill("Clear and well sourced. Approved.");
  await shot(moderator, "08-moderator-approves-with-comment.png");
  await dialog.getByRole("button", { name: /^Approve with comment/ }).click();
  await expect(moderator.locator(".messages")).toContainText("has been updated");
  // The last task approved: the English report is live.
  const pathEn = `${REPORTS_EN}commuting-${stamp}/`;
  await expect.poll(async () => (await request.get(`${CMS_URL}/api/v3/route/?path=${pathEn}`)).status()).toBe(200);

  // 6. The Translator asks for a Spanish translation ("Translate this page") and
  //    translates every string in wagtail-localize's editor.
  const translator = await signIn(browser, "translator");
  await shot(translator, "09-translator-dashboard.png");
  await translator.goto(`${CMS_URL}/admin/localize/submit/page/${pageId}/`);
  await translator.getByRole("checkbox", { name: "Spanish" }).check();
  await translator.getByRole("button", { name: "Submit" }).click();
  await expect(translator).toHaveURL(/\/admin\/pages\/\d+\/edit\/$/);
  const pageIdEs = Number(/pages\/(\d+)\/edit/.exec(translator.url())![1]);
  const spanish = spanishStrings(stamp);
  for (const tab of ["Content", "Promote"]) {
    await translator.getByRole("tab", { name: tab }).click();
    const untranslated = translator.locator("li.incomplete").filter({ visible: true });
    for (let remaining = await untranslated.count(); remaining > 0; remaining--) {
      const item = untranslated.first();
      const text = await item.innerText();
      const source = Object.keys(spanish)
        .filter((english) => text.includes(english))
        .sort((a, b) => b.length - a.length)[0];
      expect(source, `a Spanish string for: ${text}`).toBeDefined();
      await item.getByRole("button", { name: "Translate" }).click();
      await item.locator("textarea").fill(spanish[source]);
      await item.locator("textarea").press("Enter");
      await expect(untranslated).toHaveCount(remaining - 1);
    }
  }
  await translator.getByRole("tab", { name: "Content" }).click();
  await shot(translator, "10-translator-translates.png");

  // 7. …and submits it for moderation (the bar cms/core/translation_moderation.py adds).
  await translator.getByRole("button", { name: "Submit for moderation" }).click();
  await expect(translator.locator(".messages")).toContainText("has been submitted for moderation");
  await shot(translator, "11-translator-submits.png");

  // 8. The Moderator opens the Spanish page from the dashboard and approves it with a
  //    go-live time a few seconds ahead: it is scheduled, not live.
  await moderator.goto(`${CMS_URL}/admin/`);
  const spanishRow = moderator
    .locator('[data-dashboard-panel="awaiting_approval"]')
    .getByRole("row")
    .filter({ has: moderator.locator(`a[href="/admin/pages/${pageIdEs}/edit/"]`) });
  await expect(spanishRow).toContainText("submitted by translator");
  await spanishRow.getByRole("link", { name: TITLE_ES }).click();
  const review = moderator.getByRole("form", { name: "Moderation" });
  await review.getByRole("textbox", { name: "Comment" }).fill("Revisado. Se publica con la versión en inglés.");
  const goLive = new Date(Date.now() + GO_LIVE_AHEAD_MS);
  await review.getByLabel("Go-live time (optional)").fill(localDateTime(goLive));
  await shot(moderator, "12-moderator-schedules-translation.png");
  await review.getByRole("button", { name: "Approve and publish" }).click();
  await expect(moderator.locator(".messages")).toContainText(`'${TITLE_ES}' approved: it goes live at`);
  await moderator.getByRole("button", { name: "Toggle status" }).click();
  // (wagtail-localize's editor draws the side panels twice; one is shown)
  const status = moderator.getByText("Locked by schedule").filter({ visible: true });
  await expect(status).toBeVisible();
  await expect(moderator.getByText("Go-live:").filter({ visible: true })).toBeInViewport({ ratio: 1 });
  await shot(moderator, "13-translation-scheduled.png");
  const pathEs = `${REPORTS_ES}desplazamientos-${stamp}/`;
  expect((await request.get(`${CMS_URL}/api/v3/route/?path=${pathEs}`)).status()).toBe(404);

  // 9. The scheduler (run_scheduler) publishes it once the go-live time has passed.
  await expect
    .poll(async () => (await request.get(`${CMS_URL}/api/v3/route/?path=${pathEs}`)).status(), {
      message: "the scheduler publishes the Spanish report after its go-live time",
      timeout: GO_LIVE_AHEAD_MS + 60_000,
      intervals: [1000, 2000],
    })
    .toBe(200);
  expect(Date.now()).toBeGreaterThanOrEqual(goLive.getTime());

  // 10. The front end shows the report in both languages: title, figure and PDF.
  const visitor = await browser.newContext({ viewport: VIEWPORT });
  const site = await visitor.newPage();
  for (const [path, title, figure, unit, download, name] of [
    [pathEn, TITLE, "Median one-way commute", "minutes", "Download the full report", "14-front-end-english.png"],
    [pathEs, TITLE_ES, "Trayecto medio de ida", "minutos", "Descargar el informe completo", "15-front-end-spanish.png"],
  ]) {
    await expect
      .poll(async () => (await site.goto(`${FE_URL}${path}`))?.status(), { message: `the front end serves ${path}`, timeout: 30_000 })
      .toBe(200);
    await expect(site.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(site.getByText(figure, { exact: true })).toBeVisible();
    await expect(site.getByText(`${figure}: 2026 24 ${unit}`)).toBeAttached(); // the chart's title
    const pdf = site.getByTestId("report-pdf");
    await expect(pdf).toContainText(download);
    expect((await request.get(await pdf.getAttribute("href") ?? "")).headers()["content-type"]).toContain("pdf");
    await shot(site, name);
  }
  await visitor.close();

  // The worker read the PDF's text: its one distinctive word finds it.
  await expect
    .poll(
      async () => (await (await request.get(`${CMS_URL}/api/v3/search/?q=quillwort&type=document`)).text()).includes(DOCUMENT_TITLE),
      { message: "the PDF's text is in the search index", timeout: 30_000 },
    )
    .toBe(true);
  for (const page of [editor, moderator, translator]) await page.context().close();
});
