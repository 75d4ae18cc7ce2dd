import { expect, test } from "@playwright/test";

test.describe("The Hartbeat without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("signing up shows a clear success message", async ({ page }) => {
    await page.goto("/");
    const form = page.locator("#hartbeat");
    await form.getByLabel("Email address").fill(`reader-${Date.now()}@example.com`);
    await form.getByRole("checkbox").check();
    await form.getByRole("button", { name: "Subscribe" }).click();
    await expect(page).toHaveURL(/hartbeat=sent#hartbeat$/);
    await expect(form.getByRole("status")).toHaveText(/^Thank you!/);
  });
});

test("an address the CMS refuses shows a clear error next to the form (Spanish)", async ({ page }) => {
  await page.goto("/es/");
  const form = page.locator("#hartbeat");
  // Get past the browser's own checks to see what the CMS answers.
  await form.locator("form").evaluate((f) => f.setAttribute("novalidate", ""));
  await form.getByLabel("Correo electrónico").fill("not-an-address");
  await form.getByRole("checkbox").check();
  await form.getByRole("button", { name: "Suscribirse" }).click();
  await expect(page).toHaveURL(/hartbeat=invalid#hartbeat$/);
  await expect(form.getByRole("alert")).toHaveText(/correo electrónico válido/);
  await expect(page.getByLabel("Correo electrónico")).toHaveAttribute("aria-invalid", "true");
});
