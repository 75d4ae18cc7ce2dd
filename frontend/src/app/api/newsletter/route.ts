/**
 * The Hartbeat sign-up form posts here (no JavaScript needed); the CMS is asked and
 * the visitor is sent back to the form with the outcome (?hartbeat=sent|invalid|busy|error).
 */
import type { NextRequest } from "next/server";
import { subscribe } from "@/lib/api";
import { localRedirect, safePath } from "@/lib/paths";

export const dynamic = "force-dynamic";

export async function POST(request: NextRequest) {
  const form = await request.formData().catch(() => null);
  const email = String(form?.get("email") ?? "").trim();
  const locale = form?.get("locale") === "es" ? "es" : "en";
  const consent = form?.get("consent") === "yes";
  // The CMS insists on consent; without it the form is invalid before anything is sent.
  const returnTo = safePath(String(form?.get("return_to") ?? "/"));
  const outcome = email && consent ? await subscribe(email, locale, true) : "invalid";
  return localRedirect(`${returnTo}?hartbeat=${outcome}#hartbeat`, 303);
}
