/**
 * Every page of the sitemap, in both languages, as a visitor's browser shows it: HTTP 200,
 * `<html lang>` of its language, no markup shown as text, every image loaded, and on a
 * Spanish page no English text (or alt text) unless it is marked English (`lang="en"`).
 */
import { expect, test, type Page } from "@playwright/test";
import { sitemapPaths } from "./env";

// Words that mark a run of text as English or Spanish (none belongs to both languages).
const ENGLISH = new Set(
  "the and of to with for is are our your this that from by on at be we you it its an or as has have will more their which who about into how what".split(" "),
);
const SPANISH = new Set(
  "el la los las de del y en con para por que una un es son nuestra nuestro nuestros su sus se al más como sobre este esta entre".split(" "),
);

/** Runs of text (per block, with alt texts) whose nearest `lang` is Spanish yet read as English. */
async function englishOnSpanishPage(page: Page): Promise<string[]> {
  const runs = await page.evaluate(() => {
    const out: string[] = [];
    const block = (el: Element | null): Element | null => {
      for (let e = el; e; e = e.parentElement) {
        const display = getComputedStyle(e).display;
        if (display !== "inline" && display !== "contents") return e;
      }
      return null;
    };
    const texts = new Map<Element, string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (!parent || parent.closest("script, style, noscript, [hidden]")) continue;
      if (parent.closest("[lang]")?.getAttribute("lang") !== "es") continue;
      const b = block(parent);
      if (!b) continue;
      texts.set(b, (texts.get(b) ?? "") + n.textContent);
    }
    out.push(...texts.values());
    for (const img of document.querySelectorAll("img[alt]")) {
      if (img.closest("[lang]")?.getAttribute("lang") === "es") out.push(`[alt] ${img.getAttribute("alt")}`);
    }
    return out;
  });
  return runs.filter((run) => {
    const words = run.toLowerCase().match(/[a-záéíóúñü']+/g) ?? [];
    const en = words.filter((w) => ENGLISH.has(w)).length;
    const es = words.filter((w) => SPANISH.has(w)).length;
    // Two English words beside a Spanish one are a Spanish phrase naming something
    // English ("Pulse of the Region, el pódcast"); three, or two alone, read as English.
    return en > es && (en >= 3 || (en === 2 && es === 0));
  });
}

async function check(page: Page, path: string): Promise<string[]> {
  const problems: string[] = [];
  const response = await page.goto(path);
  if (response?.status() !== 200) return [`${path}: HTTP ${response?.status()}`];
  const lang = path === "/es/" || path.startsWith("/es/") ? "es" : "en";
  const htmlLang = await page.locator("html").getAttribute("lang");
  if (htmlLang !== lang) problems.push(`${path}: <html lang="${htmlLang}">, expected "${lang}"`);

  const text = await page.locator("body").innerText();
  for (const m of text.matchAll(/<\/?[a-z][^>]*>/g)) problems.push(`${path}: markup shown as text: ${m[0].slice(0, 80)}`);

  // Lazy images too: load them all, then every one must have decoded.
  await page.evaluate(() => document.querySelectorAll("img").forEach((img) => img.setAttribute("loading", "eager")));
  await page.waitForFunction(() => [...document.images].every((img) => img.complete), null, { timeout: 15_000 });
  const broken = await page.evaluate(() => [...document.images].filter((img) => img.naturalWidth === 0).map((img) => img.currentSrc || img.src));
  for (const src of broken) problems.push(`${path}: image did not load: ${src}`);

  if (lang === "es") for (const run of await englishOnSpanishPage(page)) problems.push(`${path}: English not marked lang="en": ${run.trim().slice(0, 120)}`);
  return problems;
}

for (const language of ["en", "es"] as const) {
  test(`every ${language === "en" ? "English" : "Spanish"} page of the sitemap: 200, no markup as text, images load${language === "es" ? ", in Spanish or marked English" : ""}`, async ({ page, request }) => {
    test.setTimeout(300_000);
    const all = await sitemapPaths(request);
    const isSpanish = (p: string) => p === "/es/" || p.startsWith("/es/");
    const paths = all.filter((p) => isSpanish(p) === (language === "es"));
    expect(paths.length).toBeGreaterThan(40);
    // The whole demo site is in Spanish: as many Spanish pages as English ones.
    if (language === "es") expect(paths.length).toBe(all.length - paths.length);
    const problems: string[] = [];
    for (const path of paths) problems.push(...(await check(page, path)));
    expect(problems).toEqual([]);
  });
}
