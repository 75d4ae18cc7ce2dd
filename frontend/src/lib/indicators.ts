/**
 * Indicators as data: the CMS's series of observations (`/api/v3/indicators/`), shown at
 * `/data/` and `/data/<slug>/` in English, `/es/datos/` and `/es/datos/<slug>/` in Spanish.
 *
 * The pages' calls are made by proxy.ts (so an unknown slug is a 404 and a CMS that is
 * down a 503, with a page to read) and handed to the page, as the catch-all's are.
 */
import {
  ApiUnavailableError,
  CMS_URL,
  getIndicatorDetail,
  listIndicatorsPage,
  type Freshness,
  type IndicatorDetail,
  type IndicatorList,
  type Schemas,
} from "./api";
import { dataPath, type Locale } from "./i18n";

export type { IndicatorDetail, IndicatorList };
export type IndicatorCard = Schemas["IndicatorCard"];
export type Downloads = Schemas["Downloads"];
export type Geography = Schemas["GeographyRef"];

/**
 * An observation as the charts read it: the API's, with room for a missing value (a gap
 * in the line) so that the drawing code never assumes every period has one.
 */
export type Observation = Omit<Schemas["Observation"], "value"> & { value: number | null };
export type Series = { geography: { slug: string; name: string; kind: string }; observations: Observation[] };

/** How a value is written: its unit, the label readers see, and its decimals. */
export type Measure = { unit: string; unit_label: string; decimals?: number | null };

export function indicatorPath(locale: Locale, slug: string): string {
  return `${dataPath[locale]}${encodeURIComponent(slug)}/`;
}

/** A slug as the CMS makes them; anything else is a 404 without asking. */
const SLUG = /^[-a-zA-Z0-9_]{1,100}$/;

/** The data pages' paths (with or without the trailing slash): their language and slug. */
export function dataPage(pathname: string): { locale: Locale; slug: string | null } | null {
  const match = /^\/(data|es\/datos)(?:\/([^/]+))?\/?$/.exec(pathname);
  if (!match) return null;
  const locale: Locale = match[1] === "data" ? "en" : "es";
  if (match[2] === undefined) return { locale, slug: null };
  return { locale, slug: safeDecode(match[2]) };
}

/** A path segment decoded, or as it is when it is not valid percent-encoding. */
export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function isSlug(slug: string): boolean {
  return SLUG.test(slug);
}

/**
 * A download as the public site links it: the API's path on the CMS's host, as documents
 * are (the CMS makes a document's URL absolute on the host it was asked on, which is
 * CMS_URL's), so the link works wherever the documents' links do.
 */
export function downloadUrl(url: string): string {
  if (/^https?:\/\//i.test(url)) return url;
  if (url.startsWith("/") && !url.startsWith("//")) return `${CMS_URL}${url}`;
  return url;
}

/** The largest page the listing gives; the index reads every page of it. */
const LIST_PAGE = 100;
/** A bound on the index's calls, whatever the count says. */
const MAX_INDICATORS = 2000;

/** Every indicator in a language, in the API's order (null when the listing is not there). */
export async function listIndicators(locale: Locale, freshness: Freshness = "published"): Promise<IndicatorList | null> {
  const items: IndicatorCard[] = [];
  let count = 0;
  for (let offset = 0; offset < MAX_INDICATORS; offset += LIST_PAGE) {
    const page = await listIndicatorsPage(locale, offset, LIST_PAGE, freshness);
    if (!page) return offset === 0 ? null : { count, items };
    count = page.count;
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= count) break;
  }
  return { count, items };
}

/** One indicator with its series (null for an unknown slug). */
export async function getIndicator(
  locale: Locale,
  slug: string,
  freshness: Freshness = "published",
): Promise<IndicatorDetail | null> {
  if (!isSlug(slug)) return null;
  return getIndicatorDetail(locale, slug, freshness);
}

/** The key of a data page's answer in proxy.ts's hand-off to the page. */
export function dataKey(locale: Locale, slug: string | null): string {
  return slug === null ? `indicators:${locale}` : `indicator:${locale}:${slug}`;
}

export type HandedOffData =
  | { kind: "list"; list: IndicatorList | null }
  | { kind: "indicator"; indicator: IndicatorDetail }
  | { kind: "not-found" }
  | { kind: "unavailable" };

/** A data page's call (made by proxy.ts, or by the page without its hand-off). */
export async function fetchData(locale: Locale, slug: string | null, freshness: Freshness = "published"): Promise<HandedOffData> {
  try {
    if (slug === null) return { kind: "list", list: await listIndicators(locale, freshness) };
    const indicator = await getIndicator(locale, slug, freshness);
    return indicator ? { kind: "indicator", indicator } : { kind: "not-found" };
  } catch (error) {
    if (error instanceof ApiUnavailableError) return { kind: "unavailable" };
    throw error;
  }
}

/** As many places as the chart has distinct line styles (components/LineChart.tsx). */
export const MAX_PLACES = 6;
/** The places a chart shows unless the reader chooses: the region, then these kinds. */
const DEFAULT_KINDS = ["region", "state", "nation", "peer"];

/**
 * The series a chart and its table show: the headline place first, then the places the
 * reader chose (`?geography=`, repeatable), or by default the state, the nation and the
 * peer metros (the counties are a choice away); places without a value are left out;
 * at most MAX_PLACES.
 */
export function chosenSeries(indicator: Pick<IndicatorDetail, "series" | "headline_geography">, chosen: string[] = []): Series[] {
  const withValues = indicator.series.filter((x) => x.observations.some((o) => typeof o.value === "number"));
  const headline = withValues.find((x) => x.geography.slug === indicator.headline_geography) ?? null;
  const rest = withValues.filter((x) => x !== headline);
  const wanted = new Set(chosen);
  let picked = rest.filter((x) => wanted.has(x.geography.slug));
  if (!picked.length) {
    picked = rest.filter((x) => DEFAULT_KINDS.includes(x.geography.kind));
    // A series of other kinds only (counties, say): show them rather than one line alone.
    if (!picked.length) picked = rest;
  }
  return [...(headline ? [headline] : []), ...picked].slice(0, MAX_PLACES);
}
