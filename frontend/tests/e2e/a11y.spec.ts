import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { HtmlValidate } from "html-validate";
import { readFileSync } from "node:fs";
import { PAGES } from "./env";

const htmlvalidate = new HtmlValidate(JSON.parse(readFileSync(".htmlvalidate.json", "utf8")));

for (const [name, path] of Object.entries(PAGES)) {
  test(`${name}: axe finds no WCAG 2.2 A/AA violation, html-validate no error`, async ({ page, request }) => {
    await page.goto(path);
    await expect(page.locator("h1")).toBeVisible();
    const lang = path.startsWith("/es/") ? "es" : "en";
    await expect(page.locator("html")).toHaveAttribute("lang", lang);
    const axe = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
      .analyze();
    const violations = axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
    expect(violations).toEqual([]);

    // The HTML as served, before any script runs.
    const response = await request.get(path);
    const html = await response.text();
    const report = await htmlvalidate.validateString(html, `${name}.html`);
    const errors = report.results.flatMap((r) => r.messages.filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message} (line ${m.line})`));
    expect(errors).toEqual([]);
  });
}
