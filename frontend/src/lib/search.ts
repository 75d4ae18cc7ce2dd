/**
 * The search page's URL parameters, read the same way by proxy.ts (which makes the
 * search call, so that a CMS that is down gets a 503) and by the page that shows it.
 */
import type { SearchQuery, SearchResults } from "./api";
import type { Locale } from "./i18n";

export type RawParams = Record<string, string | string[] | undefined>;

export const FACETS = ["type", "theme", "industry", "initiative", "report_type", "year"] as const;
export type Facet = (typeof FACETS)[number];
export const PAGE_SIZE = 10;

/** The search pages' paths (with or without the trailing slash), and their language. */
const SEARCH_PAGES: Record<string, Locale> = { "/search": "en", "/es/buscar": "es" };

export function searchPageLocale(pathname: string): Locale | undefined {
  return SEARCH_PAGES[pathname.replace(/\/$/, "")];
}

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v) => v !== "").slice(0, 20);
}

/** The search parameters of the page's URL, as the API wants them (invalid values dropped). */
export function parseSearch(raw: RawParams) {
  const q = (list(raw.q)[0] ?? "").slice(0, 256);
  const filters = {} as Record<Facet, string[]>;
  for (const facet of FACETS) {
    const values = list(raw[facet]);
    filters[facet] = ["theme", "industry", "initiative", "year"].includes(facet) ? values.filter((v) => /^\d+$/.test(v)) : values.filter((v) => /^[a-z_]+$/.test(v));
  }
  const page = Math.min(200, Math.max(1, Number.parseInt(list(raw.page)[0] ?? "1", 10) || 1));
  return { q, filters, page };
}

export type ParsedSearch = ReturnType<typeof parseSearch>;

/** What the API is asked for a search page; null when there is nothing to search for. */
export function searchQuery(locale: Locale, { q, filters, page }: ParsedSearch): SearchQuery | null {
  if (!q) return null;
  const query: SearchQuery = { q, locale, page, page_size: PAGE_SIZE };
  for (const facet of FACETS) {
    if (filters[facet].length) (query as Record<string, unknown>)[facet] = filters[facet];
  }
  return query;
}

/** A URL's query string as the page's `searchParams` gives it (repeated names as lists). */
export function rawParams(params: URLSearchParams): RawParams {
  const raw: RawParams = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    raw[key] = values.length === 1 ? values[0] : values;
  }
  return raw;
}

/** The key of a search's answer in proxy.ts's hand-off to the page. */
export function searchKey(query: SearchQuery): string {
  return `search:${JSON.stringify(query)}`;
}

/** The proxy's search answer for one request: the CMS's results, or "down". */
export type HandedOffSearch = { kind: "results"; results: SearchResults | null } | { kind: "unavailable" };
