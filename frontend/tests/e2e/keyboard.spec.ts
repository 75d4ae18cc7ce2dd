import { expect, test, type Page } from "@playwright/test";
import { REPORT_EN } from "./env";

async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: "body", text: "", outline: "none", width: 0, visible: false };
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 60),
      outline: style.outlineStyle,
      width: parseFloat(style.outlineWidth),
      visible: box.width > 0 && box.height > 0,
    };
  });
}

test("keyboard only: the skip link comes first and moves focus to the content", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main$/);
  await expect(page.locator("main")).toBeFocused();
});

test("keyboard only: every stop has a visible focus indicator and nothing traps focus", async ({ page }) => {
  await page.goto(REPORT_EN);
  const seen: string[] = [];
  let left = false;
  for (let i = 0; i < 250; i++) {
    await page.keyboard.press("Tab");
    const f = await focused(page);
    if (f.tag === "body") {
      left = true; // past the last stop, focus leaves the document: no trap
      break;
    }
    expect(f.visible, `focus stop ${i} (${f.tag} "${f.text}") is on screen`).toBe(true);
    expect(f.outline, `focus stop ${i} (${f.tag} "${f.text}") shows an outline`).not.toBe("none");
    expect(f.width).toBeGreaterThanOrEqual(2);
    seen.push(`${f.tag}:${f.text}`);
  }
  expect(left || new Set(seen).size < seen.length).toBe(true);
  expect(seen.length).toBeGreaterThan(15);
  expect(seen.some((s) => s.startsWith("a:Download the full report"))).toBe(true);
});

test("keyboard only: a chart's data table opens from the keyboard", async ({ page }) => {
  await page.goto(REPORT_EN);
  const summary = page.locator("figure.indicator summary").first();
  await summary.focus();
  await page.keyboard.press("Enter");
  await expect(page.locator("figure.indicator table").first()).toBeVisible();
});
