/**
 * The main templates as a visitor sees them, compared with the committed images in
 * tests/e2e/screenshots.spec.ts-snapshots/: home, an initiative, the report and search
 * results, in English and Spanish, at 1280 px (desktop) and 360 px (mobile). The year in
 * the footer is masked. After a deliberate change of look or content, refresh them with
 *
 *   npx playwright test tests/e2e/screenshots.spec.ts --update-snapshots
 *
 * (against bin/ci's servers, or FE_URL=… a front end on the demo content), and look at
 * every image before committing. SAVE_SCREENSHOTS=../docs/screenshots writes full-page
 * copies for the documentation; shrink those to 256-colour PNGs before committing
 * (Pillow, from the CMS's .venv):
 *
 *   ../.venv/bin/python -c "import sys; from PIL import Image; [Image.open(f).convert('RGB').quantize(256, dither=Image.Dither.NONE).save(f, optimize=True) for f in sys.argv[1:]]" ../docs/screenshots/*.png
 */
import { expect, test } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { REPORT_EN, REPORT_ES } from "./env";

const TEMPLATES: Record<string, { en: string; es: string }> = {
  home: { en: "/", es: "/es/" },
  initiative: { en: "/initiatives/hype/", es: "/es/iniciativas/hype/" },
  report: { en: REPORT_EN, es: REPORT_ES },
  search: { en: "/search/?q=millennials", es: "/es/buscar/?q=millennials" },
};
const VIEWPORTS = { desktop: { width: 1280, height: 900 }, mobile: { width: 360, height: 780 } };
const SAVE = process.env.SAVE_SCREENSHOTS;

for (const [name, paths] of Object.entries(TEMPLATES)) {
  for (const lang of ["en", "es"] as const) {
    for (const [device, viewport] of Object.entries(VIEWPORTS)) {
      test(`looks as committed: ${name} (${lang}, ${device})`, async ({ page }) => {
        await page.setViewportSize(viewport);
        await page.goto(paths[lang]);
        // Every image decoded, fonts settled: the page as it rests.
        await page.evaluate(() => document.querySelectorAll("img").forEach((img) => img.setAttribute("loading", "eager")));
        await page.waitForFunction(() => [...document.images].every((img) => img.complete));
        await page.evaluate(() => document.fonts.ready);
        const mask = [page.locator(".copyright")];
        if (SAVE) {
          mkdirSync(SAVE, { recursive: true });
          await page.screenshot({ path: `${SAVE}/${name}-${device}-${lang}.png`, fullPage: true });
        }
        await expect(page).toHaveScreenshot(`${name}-${device}-${lang}.png`, {
          fullPage: true,
          mask,
          animations: "disabled",
          caret: "hide",
          maxDiffPixelRatio: 0.01,
        });
      });
    }
  }
}
