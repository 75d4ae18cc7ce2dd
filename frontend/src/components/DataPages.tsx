/**
 * The data pages as routes: `/data/`, `/data/<slug>/`, `/es/datos/`, `/es/datos/<slug>/`
 * (src/app/data/…, src/app/es/datos/…). Their call to the CMS is made by proxy.ts (which
 * sets 404 for an unknown slug and 503 when the CMS is down) and handed over here; a page
 * rendered without the hand-off asks the CMS itself.
 */
import type { Metadata } from "next";
import { draftMode, headers } from "next/headers";
import { notFound } from "next/navigation";
import { cache } from "react";
import { dataPath, t, type Locale } from "@/lib/i18n";
import { dataKey, fetchData, indicatorPath, type HandedOffData, type IndicatorDetail } from "@/lib/indicators";
import { HANDOFF_HEADER, takeHandOff } from "@/lib/load";
import { SITE_URL } from "@/lib/site-url";
import NotFound, { metadata as notFoundMetadata } from "@/app/not-found";
import { Chrome, loadChrome, type Alternate } from "./Chrome";
import { DataIndexView, IndicatorView } from "./DataViews";
import { Unavailable } from "./Unavailable";

/** What a data page shows; `answered`: proxy.ts has set the status already. */
export type LoadedData = HandedOffData & { answered: boolean };

/** The CMS's answer for a data page, from proxy.ts if it asked, else asked here. Memoised per request. */
export const loadData = cache(async (locale: Locale, slug: string | null): Promise<LoadedData> => {
  const handed = takeHandOff<HandedOffData>((await headers()).get(HANDOFF_HEADER), dataKey(locale, slug));
  if (handed) return { ...handed, answered: true };
  const draft = (await draftMode()).isEnabled;
  return { ...(await fetchData(locale, slug, draft ? "fresh" : "published")), answered: false };
});

/** The indicator in each language the API names (its translations), else this one alone. */
export function indicatorAlternates(indicator: IndicatorDetail, locale: Locale): Alternate[] {
  const alternates: Alternate[] = [];
  for (const tr of indicator.translations ?? []) {
    if ((tr.locale === "en" || tr.locale === "es") && tr.url) alternates.push({ locale: tr.locale, path: tr.url });
  }
  if (!alternates.some((a) => a.locale === locale)) alternates.push({ locale, path: indicator.url || indicatorPath(locale, indicator.slug) });
  return alternates;
}

function languages(alternates: Alternate[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const alt of alternates) out[alt.locale] = `${SITE_URL}${alt.path}`;
  if (out.en) out["x-default"] = out.en;
  return out;
}

const indexAlternates: Alternate[] = [
  { locale: "en", path: dataPath.en },
  { locale: "es", path: dataPath.es },
];

function social(title: string, description: string, path: string, locale: Locale) {
  const images = [{ url: `${SITE_URL}/og-default.png`, width: 1200, height: 630, alt: "MetroHartford Alliance" }];
  return {
    openGraph: {
      type: "website" as const,
      siteName: "MetroHartford Alliance",
      title,
      description,
      url: `${SITE_URL}${path}`,
      locale: locale === "es" ? "es_US" : "en_US",
      images,
    },
    twitter: { card: "summary_large_image" as const, title, description, images: images.map((i) => i.url) },
  };
}

export async function dataMetadata(locale: Locale, slug: string | null): Promise<Metadata> {
  const s = t(locale);
  const loaded = await loadData(locale, slug);
  switch (loaded.kind) {
    case "unavailable":
      return { title: s.unavailableTitle, robots: { index: false } };
    case "not-found":
      return notFoundMetadata;
    case "list": {
      const path = dataPath[locale];
      return {
        title: s.data,
        description: s.dataIntro,
        alternates: { canonical: `${SITE_URL}${path}`, languages: languages(indexAlternates) },
        ...social(s.data, s.dataIntro, path, locale),
      };
    }
    case "indicator": {
      const indicator = loaded.indicator;
      const path = indicator.url || indicatorPath(locale, indicator.slug);
      const title = indicator.is_sample ? `${indicator.name} (${s.sampleData})` : indicator.name;
      const description = indicator.definition || undefined;
      return {
        title,
        description,
        alternates: { canonical: `${SITE_URL}${path}`, languages: languages(indicatorAlternates(indicator, locale)) },
        ...social(title, description ?? "", path, locale),
      };
    }
  }
}

/** The `?geography=` places a reader chose (slugs only, at most a few). */
export function chosenPlaces(raw: string | string[] | undefined): string[] {
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return values.filter((v) => /^[-a-z0-9_]{1,80}$/i.test(v)).slice(0, 20);
}

export async function DataPage({ locale, slug, geography }: { locale: Locale; slug: string | null; geography?: string | string[] }) {
  const loaded = await loadData(locale, slug);
  const path = slug === null ? dataPath[locale] : indicatorPath(locale, slug);
  if (loaded.kind === "unavailable") return <Unavailable locale={locale} path={path} />;
  if (loaded.kind === "not-found") {
    // As the catch-all: the site's not-found page when proxy.ts has set the 404.
    if (loaded.answered) return <NotFound />;
    notFound();
  }
  const { nav, site } = await loadChrome(locale);
  const homeTitle = nav?.home.title;
  if (loaded.kind === "list") {
    return (
      <Chrome locale={locale} nav={nav} site={site} alternates={indexAlternates} currentPath={path}>
        <DataIndexView items={loaded.list?.items ?? []} locale={locale} homeTitle={homeTitle} />
      </Chrome>
    );
  }
  const indicator = loaded.indicator;
  return (
    <Chrome locale={locale} nav={nav} site={site} alternates={indicatorAlternates(indicator, locale)} currentPath={path}>
      <IndicatorView indicator={indicator} locale={locale} homeTitle={homeTitle} chosen={chosenPlaces(geography)} />
    </Chrome>
  );
}
