/**
 * The Hartbeat sign-up form posts here (no JavaScript needed); the CMS is asked and
 * the visitor is sent back to the form with the outcome (?hartbeat=sent|invalid|busy|error).
 *
 * The CMS limits sign-ups per client, and here every visitor's request reaches it from
 * this server, so the visitor's address goes along with the shared secret that lets the
 * CMS believe it. Environment:
 *   FRONTEND_API_TOKEN    the same secret as the CMS's FRONTEND_API_TOKEN; without it the
 *                         CMS counts all sign-ups as one client (this server).
 *   FRONTEND_NUM_PROXIES  how many proxies in front of Next append to X-Forwarded-For
 *                         (default 1): the visitor's address is the entry that many
 *                         places from the right, since anything left of it may be forged.
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
  const visitor = visitorAddress(request.headers, Number(process.env.FRONTEND_NUM_PROXIES ?? 1));
  const outcome = email && consent ? await subscribe(email, locale, true, visitor) : "invalid";
  return localRedirect(`${returnTo}?hartbeat=${outcome}#hartbeat`, 303);
}

/**
 * The visitor's IP address from the headers the proxies in front of Next set:
 * X-Forwarded-For's entry `proxies` from the right (the address the outermost trusted
 * proxy saw), else X-Real-IP; undefined when neither names one.
 */
function visitorAddress(headers: Headers, proxies: number): string | undefined {
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  const depth = Number.isInteger(proxies) && proxies > 0 ? proxies : 1;
  const candidate = forwarded.length ? forwarded[Math.max(0, forwarded.length - depth)] : headers.get("x-real-ip")?.trim();
  // An address only (the CMS ignores anything else); IPv6 may come bracketed, with a port.
  const address = candidate?.replace(/^\[([^\]]+)\](?::\d+)?$/, "$1").replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, "$1");
  return address && /^[0-9A-Fa-f:.]{2,45}$/.test(address) ? address : undefined;
}
