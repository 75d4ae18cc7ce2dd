/**
 * The Hartbeat's e-mail links: confirming a subscription and unsubscribing, through the
 * CMS's POST /api/v3/newsletter/confirmations/ and /unsubscriptions/ (typed client,
 * as in api.ts; never cached).
 *
 * The e-mails link to /newsletter/confirm?token=… and /newsletter/unsubscribe?token=…
 * (/es/newsletter/… in Spanish; newsletter/conf.py in the CMS). Those pages change
 * nothing when opened: mail scanners open every link in a message. The visitor presses
 * a button, which posts to a route handler (app/api/newsletter-confirm|unsubscribe),
 * which calls the CMS here and redirects to the page with the outcome.
 */
import createClient from "openapi-fetch";
import type { paths } from "@/api/schema";
import { API_TIMEOUT_MS, CMS_URL } from "./api";
import type { Locale } from "./i18n";

export type TokenAction = "confirm" | "unsubscribe";

/**
 * What became of a link: done; `invalid` (malformed, unknown or replaced by a newer
 * e-mail's: 400, 404, 422); `expired` (a confirmation link past its days: 410); `busy`
 * (the CMS's rate limit: 429); `unavailable` (the CMS down, slow or failing).
 */
export type TokenOutcome = "confirmed" | "unsubscribed" | "invalid" | "expired" | "busy" | "unavailable";

export const TOKEN_OUTCOMES: readonly TokenOutcome[] = ["confirmed", "unsubscribed", "invalid", "expired", "busy", "unavailable"];

/** The page for an action in a language: the paths the CMS's e-mails link to. */
export function tokenPagePath(action: TokenAction, locale: Locale): string {
  return `${locale === "es" ? "/es" : ""}/newsletter/${action}`;
}

/** The CMS's tokens are URL-safe base64 (43 characters); it refuses anything longer than 128. */
export function cleanToken(raw: unknown): string | null {
  const token = typeof raw === "string" ? raw.trim() : "";
  return /^[A-Za-z0-9_-]{1,128}$/.test(token) ? token : null;
}

const client = createClient<paths>({
  baseUrl: CMS_URL,
  fetch: (request: Request) =>
    request.text().then((body) =>
      // A plain URL and init, as in api.ts: Next's patched fetch loses a Request's body.
      globalThis.fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body,
        cache: "no-store",
        signal: AbortSignal.timeout(API_TIMEOUT_MS),
      }),
    ),
});

/**
 * Confirm or unsubscribe with the token from the e-mail. `visitor` is the visitor's IP
 * address, sent with the shared FRONTEND_API_TOKEN so that the CMS's rate limit counts
 * each visitor rather than this server (it ignores the address without the token).
 */
export async function redeemToken(action: TokenAction, token: string, visitor?: string): Promise<TokenOutcome> {
  const headers: Record<string, string> = {};
  const secret = process.env.FRONTEND_API_TOKEN;
  if (secret && visitor) {
    headers["X-Frontend-Token"] = secret;
    headers["X-Visitor-Address"] = visitor;
  }
  let status: number;
  try {
    const { response } =
      action === "confirm"
        ? await client.POST("/api/v3/newsletter/confirmations/", { body: { token }, headers })
        : await client.POST("/api/v3/newsletter/unsubscriptions/", { body: { token }, headers });
    status = response.status;
  } catch {
    return "unavailable";
  }
  if (status === 200) return action === "confirm" ? "confirmed" : "unsubscribed";
  if (status === 410) return "expired";
  if (status === 429) return "busy";
  if (status === 400 || status === 404 || status === 422) return "invalid";
  return "unavailable";
}

/**
 * The visitor's IP address from the headers the proxies in front of Next set:
 * X-Forwarded-For's entry `proxies` from the right (FRONTEND_NUM_PROXIES, default 1),
 * else X-Real-IP; undefined when neither names one. (The same rule as the sign-up
 * route's, app/api/newsletter/route.ts.)
 */
export function visitorAddress(headers: Headers, proxies = Number(process.env.FRONTEND_NUM_PROXIES ?? 1)): string | undefined {
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  const depth = Number.isInteger(proxies) && proxies > 0 ? proxies : 1;
  const candidate = forwarded.length ? forwarded[Math.max(0, forwarded.length - depth)] : headers.get("x-real-ip")?.trim();
  const address = candidate?.replace(/^\[([^\]]+)\](?::\d+)?$/, "$1").replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, "$1");
  return address && /^[0-9A-Fa-f:.]{2,45}$/.test(address) ? address : undefined;
}

/**
 * The route handlers' work: the form's token to the CMS, then a redirect (303) to the
 * page with the outcome. The token stays in the address only where the visitor may try
 * again (`busy`, `unavailable`); a link used up or refused is not kept in the history.
 */
export async function handleTokenForm(action: TokenAction, request: Request): Promise<Response> {
  const form = await request.formData().catch(() => null);
  const locale: Locale = form?.get("locale") === "es" ? "es" : "en";
  const token = cleanToken(form?.get("token"));
  const outcome = token ? await redeemToken(action, token, visitorAddress(request.headers)) : "invalid";
  const query = new URLSearchParams();
  if (token && (outcome === "busy" || outcome === "unavailable")) query.set("token", token);
  query.set("status", outcome);
  return new Response(null, {
    status: 303,
    // Relative, as lib/paths.ts's localRedirect: Next's idea of the origin may not be the visitor's.
    headers: { Location: `${tokenPagePath(action, locale)}?${query}`, "Cache-Control": "private, no-store" },
  });
}
