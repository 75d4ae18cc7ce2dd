/**
 * Runs before every page. It tells the root layout the language of the path (for
 * <html lang>), and for the catch-all page it makes the page's one routing call itself.
 *
 * Why here: in Next 16 a page cannot choose its status. `notFound()` thrown while a page
 * renders makes app-render's error recovery (renderToStream's catch, getErrorRSCPayload)
 * answer 404 with an empty shell, `<html id="__next_error__"><body></body>`, that only
 * the browser's JavaScript fills in; any other status than 200 for a rendered page has
 * to be set before rendering starts. A proxy's status is: `NextResponse.next({ status })`
 * becomes the response's status (resolve-routes.ts, `res.statusCode =
 * middlewareRes.status`), and the page then renders as usual. So the proxy asks the CMS
 * where the path leads and answers 404 (the site's not-found page) or 503 with
 * Retry-After (the "unavailable" page) with a complete server-rendered body. (An
 * experimental `global-not-found` would not help: it only serves paths no route
 * matches, and the catch-all matches every path.)
 *
 * The search pages are the same: their call is the search itself, made here, so a CMS
 * that is down gets a 503 there too.
 *
 * A proxy's fetch does not share Next's data cache with the pages (adapter.ts gives the
 * proxy an IncrementalCache without a cache handler), so the page does not ask again:
 * the answer is handed to it in memory (lib/load.ts). A page rendered without the
 * hand-off (another process) makes the call itself, as before. In draft mode (the
 * editor's preview) every path is routed here, uncached, except the previewed one,
 * whose draft the page reads with the preview token.
 */
import { NextResponse, type NextRequest } from "next/server";
import { ApiUnavailableError, routePath, search } from "@/lib/api";
import { localeOfPath, type Locale } from "@/lib/i18n";
import {
  CMS_DOWN_HEADER,
  HANDOFF_HEADER,
  PREVIEW_PATH_COOKIE,
  PREVIEW_TOKEN_COOKIE,
  handOff,
  pathFromSlug,
  type HandedOff,
} from "@/lib/load";
import { dataKey, dataPage, fetchData } from "@/lib/indicators";
import { parseSearch, rawParams, searchKey, searchPageLocale, searchQuery, type HandedOffSearch } from "@/lib/search";

/** Seconds a visitor (or crawler) is asked to wait when the CMS is down. */
const RETRY_AFTER_SECONDS = 60;

/** Paths served by their own routes, not by the catch-all page. */
const OWN_ROUTES = /^\/(?:api\/|robots\.txt$|sitemap\.xml$|sitemap\/[a-z]{2}-\d+\.xml$|_not-found)/;
/** The Hartbeat's e-mail links (app/newsletter/TokenPage.tsx). */
const TOKEN_PAGES = /^\/(?:es\/)?newsletter\/(?:confirm|unsubscribe)\/?$/;
/** The HTTP status of each outcome those pages show (their `status` parameter). */
const TOKEN_STATUS: Record<string, number> = { invalid: 404, expired: 410, busy: 429, unavailable: 503 };

/** The API's path for a URL path, as the catch-all page computes it from its segments. */
function apiPath(pathname: string): string {
  const segments = pathname.split("/").filter(Boolean).map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  return pathFromSlug(segments);
}

export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const headers = new Headers(request.headers);
  headers.set("x-mha-locale", localeOfPath(pathname));
  headers.set("x-mha-path", pathname);
  headers.delete(HANDOFF_HEADER);
  headers.delete(CMS_DOWN_HEADER);

  if (TOKEN_PAGES.test(pathname)) return tokenPage(request, headers);
  if (request.method !== "GET" && request.method !== "HEAD") return NextResponse.next({ request: { headers } });

  const searchLocale = searchPageLocale(pathname);
  if (searchLocale) return searchPage(request, headers, searchLocale);
  if (OWN_ROUTES.test(pathname)) return NextResponse.next({ request: { headers } });
  const data = dataPage(pathname);
  if (data) return dataRoute(headers, data.locale, data.slug, request.cookies.has("__prerender_bypass"));

  const path = apiPath(pathname);
  const draft = request.cookies.has("__prerender_bypass");
  const previewed = draft && request.cookies.has(PREVIEW_TOKEN_COOKIE) && request.cookies.get(PREVIEW_PATH_COOKIE)?.value === path;
  if (previewed) return NextResponse.next({ request: { headers } });

  let result: HandedOff;
  try {
    result = await routePath(path, draft ? "fresh" : "published");
  } catch (error) {
    if (!(error instanceof ApiUnavailableError)) throw error;
    result = { kind: "unavailable" };
  }
  headers.set(HANDOFF_HEADER, handOff(path, result));
  if (result.kind === "not-found") return NextResponse.next({ request: { headers }, status: 404 });
  if (result.kind === "unavailable") return unavailable(headers);
  return NextResponse.next({ request: { headers } });
}

/** 503 with Retry-After; the page shows the "unavailable" page without asking again. */
function unavailable(headers: Headers) {
  headers.set(CMS_DOWN_HEADER, "1");
  const response = NextResponse.next({ request: { headers }, status: 503 });
  response.headers.set("Retry-After", String(RETRY_AFTER_SECONDS));
  return response;
}

/** A search page: the search is made here, and handed to the page (lib/search.ts). */
async function searchPage(request: NextRequest, headers: Headers, locale: Locale) {
  const query = searchQuery(locale, parseSearch(rawParams(request.nextUrl.searchParams)));
  if (!query) return NextResponse.next({ request: { headers } });
  let result: HandedOffSearch;
  try {
    result = { kind: "results", results: await search(query) };
  } catch (error) {
    if (!(error instanceof ApiUnavailableError)) throw error;
    result = { kind: "unavailable" };
  }
  headers.set(HANDOFF_HEADER, handOff(searchKey(query), result));
  return result.kind === "unavailable" ? unavailable(headers) : NextResponse.next({ request: { headers } });
}

/**
 * A data page (`/data/`, `/data/<slug>/`, `/es/datos/…`): the CMS's indicators are asked
 * here and handed to the page, so that an unknown slug is a 404 and a CMS that is down a
 * 503, each with its page.
 */
async function dataRoute(headers: Headers, locale: Locale, slug: string | null, draft: boolean) {
  const result = await fetchData(locale, slug, draft ? "fresh" : "published");
  headers.set(HANDOFF_HEADER, handOff(dataKey(locale, slug), result));
  if (result.kind === "not-found") return NextResponse.next({ request: { headers }, status: 404 });
  if (result.kind === "unavailable") return unavailable(headers);
  return NextResponse.next({ request: { headers } });
}

/**
 * The Hartbeat's link pages: the status that goes with the outcome shown, and the
 * token kept out of Referer headers and search engines. (The page adds the same as
 * meta tags; headers cover a visitor who follows a link before the page is parsed.)
 */
function tokenPage(request: NextRequest, headers: Headers) {
  const params = request.nextUrl.searchParams;
  const outcome = params.get("status") ?? (params.get("token") ? undefined : "invalid");
  const status = outcome ? TOKEN_STATUS[outcome] : undefined;
  const response = NextResponse.next({ request: { headers }, ...(status ? { status } : {}) });
  response.headers.set("Referrer-Policy", "no-referrer");
  response.headers.set("X-Robots-Tag", "noindex");
  if (status === 429 || status === 503) response.headers.set("Retry-After", String(RETRY_AFTER_SECONDS));
  return response;
}

export const config = {
  matcher: ["/((?!_next/|favicon.ico$|icon.svg$|apple-icon.png$|og-default.png$).*)"],
};
