import { expect, test } from "@playwright/test";
import { CMS_URL, REPORT_EN, WEBHOOKS } from "./env";

// Runs last (file name): it changes the report that the other tests read.
test("an editor previews an unsaved change in the front end, then publishes it", async ({ page, browser, request }) => {
  test.setTimeout(120_000);
  const routed = await (await request.get(`${CMS_URL}/api/v3/route/?path=${REPORT_EN}`)).json();
  const id: number = routed.page.id;
  const marker = `Preview check ${Date.now()}`;

  await page.goto(`${CMS_URL}/admin/login/`);
  await page.getByLabel(/username/i).fill("admin");
  await page.getByLabel(/password/i).fill("admin");
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page).toHaveURL(/\/admin\/$/);

  await page.goto(`${CMS_URL}/admin/pages/${id}/edit/`);
  await page.locator("#id_summary").fill(marker);
  await page.getByRole("button", { name: "Toggle preview" }).click();

  // The CMS's preview panel shows the front end in draft mode, unsaved change included.
  const panel = page.frameLocator('iframe[src*="in_preview_panel"]').last();
  const frontEnd = panel.frameLocator("iframe");
  await expect(frontEnd.getByText(marker)).toBeVisible({ timeout: 30_000 });
  await expect(frontEnd.getByText("Preview: you are looking at an unpublished draft.")).toBeVisible();

  // The shared link works in a fresh browser with no account, in draft mode too.
  const link = await panel.locator("#share-link").inputValue();
  const colleague = await browser.newContext();
  const shared = await colleague.newPage();
  await shared.goto(link);
  await expect(shared).toHaveURL(new RegExp(`${REPORT_EN}$`));
  await expect(shared.getByText(marker)).toBeVisible();
  const draftResponse = await shared.reload();
  expect(draftResponse?.headers()["cache-control"] ?? "").toMatch(/no-store|private|no-cache/);
  // Exit preview: back to the published page.
  await shared.getByRole("link", { name: "Exit preview" }).click();
  await expect(shared.getByText(marker)).toHaveCount(0);
  await colleague.close();

  // Meanwhile the public page still shows the published version.
  expect(await (await request.get(REPORT_EN)).text()).not.toContain(marker);

  // Publish; the CMS's webhook makes the next request show the change.
  await page.getByRole("button", { name: "More actions" }).click();
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.locator(".messages")).toContainText(/published/i);
  await expect
    .poll(async () => (await (await request.get(REPORT_EN)).text()).includes(marker), {
      message: WEBHOOKS
        ? "the publish webhook revalidates the report"
        : "no webhook: the short fetch revalidation (REVALIDATE_SECONDS) picks the change up",
      timeout: 45_000,
      intervals: [250, 500, 1000],
    })
    .toBe(true);
});
