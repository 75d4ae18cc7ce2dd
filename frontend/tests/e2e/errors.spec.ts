import { expect, test } from "@playwright/test";
import { FE_DOWN_URL } from "./env";

test("a path the API does not know gets the site's 404 page, in its language", async ({ page }) => {
  const response = await page.goto("/no-such-page/");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await expect(page.getByRole("link", { name: "Go to the home page" })).toBeVisible();
  const es = await page.goto("/es/no-existe/");
  expect(es?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Página no encontrada");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the 404 page is served whole, with status 404, in the path's language", async ({ page }) => {
    for (const [path, heading, home, search] of [
      ["/no-such-page/", "Page not found", "Go to the home page", "Search"],
      ["/es/no-existe/", "Página no encontrada", "Ir a la página de inicio", "Buscar"],
    ]) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
      const problem = page.getByTestId("not-found");
      await expect(problem.getByRole("link", { name: home })).toHaveAttribute("href", path.startsWith("/es/") ? "/es/" : "/");
      await expect(problem.getByRole("link", { name: search })).toBeVisible();
      // The site's chrome: navigation from the CMS and the language switch.
      await expect(page.getByRole("navigation").first()).toBeVisible();
      await expect(page.locator("html")).toHaveAttribute("lang", path.startsWith("/es/") ? "es" : "en");
    }
  });

  test("the CMS down: 503 with Retry-After and the friendly page, no script needed", async ({ page }) => {
    const response = await page.goto(`${FE_DOWN_URL}/es/informes/cualquiera/`);
    expect(response?.status()).toBe(503);
    expect(Number(response?.headers()["retry-after"])).toBeGreaterThan(0);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("El sitio no está disponible por un momento");
    await expect(page.getByRole("link", { name: "Intentar de nuevo" })).toHaveAttribute("href", "/es/informes/cualquiera/");
  });
});

test("the served HTML of a 404 holds the page itself, not an empty shell", async ({ request }) => {
  const response = await request.get("/no-such-page/");
  expect(response.status()).toBe(404);
  const html = await response.text();
  expect(html).not.toContain("__next_error__");
  expect(html).toMatch(/<h1[^>]*>Page not found<\/h1>/);
});

test("an editor's redirect is honoured", async ({ page, request }) => {
  const response = await request.get("/es/initiatives/", { maxRedirects: 0 });
  expect(response.status()).toBe(308);
  expect(response.headers()["location"]).toBe("/es/iniciativas/");
  await page.goto("/es/initiatives/");
  await expect(page).toHaveURL(/\/es\/iniciativas\/$/);
});

test("the CMS down or too slow: a friendly page, never a stack trace", async ({ page }) => {
  const started = Date.now();
  const response = await page.goto(`${FE_DOWN_URL}/reports/anything/`);
  expect(response?.status()).toBe(503);
  expect(response?.headers()["cache-control"]).toMatch(/no-store/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("The site is briefly unavailable");
  expect(Date.now() - started).toBeLessThan(15_000);
  const text = await page.locator("body").innerText();
  expect(text).not.toMatch(/Error|at async|TypeError|node_modules/);
  const search = await page.goto(`${FE_DOWN_URL}/es/buscar/?q=millennials`);
  expect(search?.status()).toBe(503);
  expect(Number(search?.headers()["retry-after"])).toBeGreaterThan(0);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("El sitio no está disponible por un momento");
  await expect(page.getByRole("link", { name: "Intentar de nuevo" })).toHaveAttribute("href", "/es/buscar/?q=millennials");
});

test("a forged preview link gets a clear page, and Exit preview leaves draft mode", async ({ page }) => {
  await page.goto(`/api/preview?token=forged-token&path=/initiatives/hype/`);
  await expect(page).toHaveURL(/\/initiatives\/hype\/$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This preview link is not valid");
  await page.getByRole("link", { name: "Exit preview" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hartford Young Professionals and Entrepreneurs (HYPE)");
  await expect(page.getByText("Preview: you are looking at an unpublished draft.")).toHaveCount(0);
});

test("in preview, a path the API does not know gets the site's whole 404 page", async ({ page }) => {
  await page.goto(`/api/preview?token=forged-token&path=/initiatives/hype/`);
  const response = await page.goto("/no-such-page/");
  expect(response?.status()).toBe(404);
  expect(await response?.text()).not.toContain("__next_error__");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await expect(page.getByText("Preview: you are looking at an unpublished draft.")).toHaveCount(0);
});

test("an expired preview link gets a clear page", async ({ page }) => {
  const token = process.env.PREVIEW_EXPIRED_TOKEN;
  test.skip(!token, "bin/ci makes an expired token with the CMS's key");
  await page.goto(`/api/preview?token=${encodeURIComponent(token as string)}&path=/initiatives/hype/`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This preview link has expired");
});

test("a preview link may only lead to a path on this site", async ({ request }) => {
  const response = await request.get("/api/preview?token=x&path=//evil.example/", { maxRedirects: 0 });
  expect(response.status()).toBe(307);
  expect(response.headers()["location"]).toBe("/");
});
