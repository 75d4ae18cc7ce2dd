/**
 * The typed client for the CMS's content API (/api/v3/), generated from its OpenAPI
 * document (src/api/schema.d.ts) and called through openapi-fetch.
 *
 * Published reads go through Next's data cache (tagged, revalidated by the publish
 * webhook); draft-mode reads and search are never cached. Every call has a timeout, so
 * a slow or absent CMS becomes an ApiUnavailableError (the friendly 503 page), never a
 * hung request or a stack trace.
 */
import createClient from "openapi-fetch";
import type { components, paths } from "@/api/schema";

export type Schemas = components["schemas"];
export type RoutedPage = Schemas["RoutedPage"];
export type PageDetail = RoutedPage["page"];
export type PageType = PageDetail["type"];
export type Image = Schemas["Image"];
export type PageLink = Schemas["PageLink"];
export type PageCard = Schemas["PageCard"];
export type SiteInfo = Schemas["SiteInfo"];
export type Navigation = Schemas["Navigation"];
export type SearchResults = Schemas["SearchResults"];
export type Suggestions = Schemas["Suggestions"];

export const CMS_URL = (process.env.CMS_URL ?? "http://127.0.0.1:8000").replace(/\/$/, "");
export const API_TIMEOUT_MS = Number(process.env.API_TIMEOUT_MS ?? 4000);
/** How long a published answer may be reused if no webhook arrives (seconds). */
export const REVALIDATE_SECONDS = Number(process.env.REVALIDATE_SECONDS ?? 300);

/** The CMS could not be reached, answered too slowly, or failed (5xx). */
export class ApiUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ApiUnavailableError";
  }
}

export type Freshness = "published" | "fresh";

function client(freshness: Freshness, timeoutMs = API_TIMEOUT_MS) {
  return createClient<paths>({
    baseUrl: CMS_URL,
    // Next.js reads `cache` and `next` from the second argument of fetch.
    requestInitExt:
      freshness === "published"
        ? { next: { revalidate: REVALIDATE_SECONDS, tags: ["cms"] } }
        : { cache: "no-store" },
    // Next's patched fetch loses a Request object's body: pass the URL and a plain init.
    fetch: async (request: Request, init?: RequestInit) =>
      globalThis.fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.method === "GET" || request.method === "HEAD" ? undefined : await request.text(),
        ...init,
        signal: AbortSignal.timeout(timeoutMs),
      }),
  } as Parameters<typeof createClient<paths>>[0]);
}

async function call<T>(
  run: () => Promise<{ data?: T; error?: unknown; response: Response }>,
  what: string,
): Promise<{ data?: T; status: number; error?: unknown }> {
  let result;
  try {
    result = await run();
  } catch (error) {
    throw new ApiUnavailableError(`${what}: ${(error as Error).name} ${(error as Error).message}`);
  }
  if (result.response.status >= 500) {
    throw new ApiUnavailableError(`${what}: HTTP ${result.response.status}`);
  }
  return { data: result.data, status: result.response.status, error: result.error };
}

export type RouteResult =
  | { kind: "page"; page: PageDetail }
  | { kind: "redirect"; location: string; permanent: boolean }
  | { kind: "not-found" };

/** The one routing call of the catch-all page. */
export async function routePath(path: string, freshness: Freshness = "published"): Promise<RouteResult> {
  const { data, status } = await call(
    () => client(freshness).GET("/api/v3/route/", { params: { query: { path } } }),
    `route ${path}`,
  );
  if (status === 404 || !data) return { kind: "not-found" };
  if (data.kind === "redirect") {
    return { kind: "redirect", location: data.redirect.location, permanent: data.redirect.permanent };
  }
  return { kind: "page", page: data.page };
}

export type PreviewResult =
  | { kind: "page"; page: PageDetail }
  | { kind: "expired" }
  | { kind: "forged" };

/** A draft, by the editor's preview token: never cached. */
export async function previewPage(token: string): Promise<PreviewResult> {
  const { data, status } = await call(
    () => client("fresh").GET("/api/v3/preview/", { params: { query: { token } } }),
    "preview",
  );
  if (status === 410) return { kind: "expired" };
  if (!data || status !== 200) return { kind: "forged" };
  return { kind: "page", page: data as PageDetail };
}

export type PageList = Schemas["PageList"];

/** Cards of the live pages below a page, in the editors' order: a landing's later pages. */
export async function listChildren(parent: number, offset: number, limit: number): Promise<PageList | null> {
  const { data } = await call(
    () =>
      client("published").GET("/api/v3/pages/", {
        params: { query: { child_of: parent, offset, limit } },
      }),
    `children of ${parent}`,
  );
  return data ?? null;
}

export async function getNavigation(locale: "en" | "es"): Promise<Navigation | null> {
  const { data } = await call(
    () => client("published").GET("/api/v3/navigation/", { params: { query: { locale, depth: 2 } } }),
    "navigation",
  );
  return data ?? null;
}

export async function getSite(locale: "en" | "es"): Promise<SiteInfo | null> {
  const { data } = await call(
    () => client("published").GET("/api/v3/site/", { params: { query: { locale } } }),
    "site",
  );
  return data ?? null;
}

export type SearchQuery = NonNullable<paths["/api/v3/search/"]["get"]["parameters"]["query"]>;

export async function search(query: SearchQuery): Promise<SearchResults | null> {
  const { data } = await call(
    () => client("fresh").GET("/api/v3/search/", { params: { query } }),
    "search",
  );
  return data ?? null;
}

export async function suggest(q: string, locale: "en" | "es"): Promise<Suggestions | null> {
  const { data } = await call(
    () => client("fresh").GET("/api/v3/search/suggest/", { params: { query: { q, locale } } }),
    "suggest",
  );
  return data ?? null;
}

/** The sitemap's reading of the listing (src/lib/sitemap.ts): counts and pages of cards per language. */
export const pageSource = {
  async count(locale: "en" | "es"): Promise<number> {
    const { data } = await call(
      () => client("published", 30_000).GET("/api/v3/pages/", { params: { query: { locale, limit: 1, offset: 0 } } }),
      "pages",
    );
    return data?.count ?? 0;
  },
  async list(locale: "en" | "es", offset: number, limit: number): Promise<PageCard[]> {
    const { data } = await call(
      () => client("published", 30_000).GET("/api/v3/pages/", { params: { query: { locale, limit, offset } } }),
      "pages",
    );
    return data?.items ?? [];
  },
  async indicators(locale: "en" | "es") {
    const { listIndicators } = await import("./indicators");
    return (await listIndicators(locale))?.items ?? [];
  },
};

export type IndicatorList = Schemas["IndicatorList"];
export type IndicatorDetail = Schemas["IndicatorDetail"];

/** One page of the indicators listing (src/lib/indicators.ts reads them all); null if the CMS has none. */
export async function listIndicatorsPage(
  locale: "en" | "es",
  offset: number,
  limit: number,
  freshness: Freshness = "published",
): Promise<IndicatorList | null> {
  const { data, status } = await call(
    () => client(freshness).GET("/api/v3/indicators/", { params: { query: { locale, limit, offset } } }),
    "indicators",
  );
  return status === 200 && data ? data : null;
}

/** One indicator with its series; null for a slug the CMS does not know. */
export async function getIndicatorDetail(
  locale: "en" | "es",
  slug: string,
  freshness: Freshness = "published",
): Promise<IndicatorDetail | null> {
  const { data, status } = await call(
    () => client(freshness).GET("/api/v3/indicators/{slug}/", { params: { path: { slug }, query: { locale } } }),
    `indicator ${slug}`,
  );
  return status === 200 && data ? data : null;
}

export type NewsletterOutcome = "sent" | "invalid" | "busy" | "error";

/**
 * A sign-up, relayed from this server: `visitor` is the visitor's IP address, sent with
 * the shared FRONTEND_API_TOKEN so that the CMS's rate limit counts each visitor rather
 * than this server (the CMS ignores the address without the right token).
 */
export async function subscribe(
  email: string,
  locale: "en" | "es",
  consent: true,
  visitor?: string,
): Promise<NewsletterOutcome> {
  const token = process.env.FRONTEND_API_TOKEN;
  const headers: Record<string, string> = {};
  if (token && visitor) {
    headers["X-Frontend-Token"] = token;
    headers["X-Visitor-Address"] = visitor;
  }
  try {
    const { response } = await client("fresh").POST("/api/v3/newsletter/subscriptions/", {
      body: { email, locale, consent },
      headers,
    });
    if (response.status === 202 || response.status === 200) return "sent";
    if (response.status === 422 || response.status === 400) return "invalid";
    if (response.status === 429) return "busy";
    return "error";
  } catch {
    return "error";
  }
}
