import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { CMS_PYTHON, CMS_ROOT, FE_DOWN_URL } from "./env";

/**
 * A pending subscriber made in the CMS's database, with the two links' tokens (as the
 * confirmation e-mail would carry them). `daysAgo`: when the e-mail was sent.
 */
function subscriber(locale: "en" | "es", daysAgo = 0): { email: string; confirm: string; unsubscribe: string } {
  const email = `links-${locale}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const out = execFileSync(
    CMS_PYTHON,
    [
      "manage.py",
      "shell",
      "-c",
      `
from datetime import timedelta
from django.utils import timezone
from newsletter.models import Subscriber
sent = timezone.now() - timedelta(days=${daysAgo})
s = Subscriber(email="${email}", locale="${locale}", consent_text="test", consented_at=sent, confirmation_sent_at=sent)
confirm, unsubscribe = s.issue_tokens()
s.save()
print("TOKENS", confirm, unsubscribe)
`,
    ],
    { cwd: CMS_ROOT, encoding: "utf8" },
  );
  const [, confirm, unsubscribe] = out.trim().split("\n").pop()!.split(" ");
  return { email, confirm, unsubscribe };
}

function statusOf(email: string): string {
  return execFileSync(
    CMS_PYTHON,
    ["manage.py", "shell", "-c", `from newsletter.models import Subscriber; print(Subscriber.objects.get(email="${email}").status)`],
    { cwd: CMS_ROOT, encoding: "utf8" },
  )
    .trim()
    .split("\n")
    .pop()!;
}

test.describe("The Hartbeat's e-mail links, without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the confirmation link confirms only when the button is pressed", async ({ page }) => {
    const { email, confirm } = subscriber("en");
    const response = await page.goto(`/newsletter/confirm?token=${confirm}`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
    expect(response?.headers()["cache-control"]).toMatch(/no-store/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Confirm your subscription");
    // Opening the link (as a mail scanner does) changed nothing.
    expect(statusOf(email)).toBe("pending");
    await page.getByRole("button", { name: "Confirm my subscription" }).click();
    await expect(page).toHaveURL(/\/newsletter\/confirm\?status=confirmed$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("You are subscribed");
    expect(statusOf(email)).toBe("confirmed");
  });

  test("unsubscribing in Spanish, with a clear success page", async ({ page }) => {
    const { email, unsubscribe } = subscriber("es");
    await page.goto(`/es/newsletter/unsubscribe?token=${unsubscribe}`);
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Darse de baja de The Hartbeat");
    await page.getByRole("button", { name: "Darme de baja" }).click();
    await expect(page).toHaveURL(/\/es\/newsletter\/unsubscribe\?status=unsubscribed$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Se ha dado de baja");
    expect(statusOf(email)).toBe("unsubscribed");
  });

  test("an expired confirmation link says so, with status 410 and a way to sign up again", async ({ page }) => {
    const { confirm } = subscriber("en", 30);
    await page.goto(`/newsletter/confirm?token=${confirm}`);
    await page.getByRole("button", { name: "Confirm my subscription" }).click();
    await expect(page).toHaveURL(/status=expired$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("This confirmation link has expired");
    await expect(page.getByRole("link", { name: "Sign up again" })).toHaveAttribute("href", "/#hartbeat");
    const reload = await page.reload();
    expect(reload?.status()).toBe(410);
  });

  test("an unknown or damaged link is refused clearly (404), in both languages", async ({ page }) => {
    await page.goto(`/newsletter/unsubscribe?token=${"x".repeat(43)}`);
    await page.getByRole("button", { name: "Unsubscribe" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("This link is not valid");
    const missing = await page.goto("/es/newsletter/confirm");
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Este enlace no es válido");
  });

  test("the CMS down: 503, the reason, and the button to try again", async ({ page }) => {
    const token = "a".repeat(43);
    await page.goto(`${FE_DOWN_URL}/newsletter/confirm?token=${token}`);
    await page.getByRole("button", { name: "Confirm my subscription" }).click();
    await expect(page).toHaveURL(new RegExp(`token=${token}&status=unavailable$`));
    await expect(page.getByRole("alert")).toHaveText(/could not reach our subscription service/);
    await expect(page.getByRole("button", { name: "Confirm my subscription" })).toBeVisible();
    const reload = await page.reload();
    expect(reload?.status()).toBe(503);
    expect(Number(reload?.headers()["retry-after"])).toBeGreaterThan(0);
  });
});
