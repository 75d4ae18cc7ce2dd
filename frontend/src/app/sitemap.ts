import type { MetadataRoute } from "next";
import { listPages } from "@/lib/api";
import { SITE_URL } from "@/lib/site-url";

export const dynamic = "force-dynamic";

/**
 * Every live page in each language with its language alternates, from one listing per
 * language (cards carry their translations). A page listed under English is not listed
 * again under Spanish.
 */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const entries: MetadataRoute.Sitemap = [];
  const seen = new Set<string>();
  for (const locale of ["en", "es"] as const) {
    for (const card of await listPages(locale)) {
      if (!card.path || seen.has(card.path)) continue;
      const translations = card.translations.filter((tr) => tr.path);
      const languages: Record<string, string> = {};
      for (const tr of translations) languages[tr.locale] = `${SITE_URL}${tr.path}`;
      const english = translations.find((tr) => tr.locale === "en");
      if (english) languages["x-default"] = `${SITE_URL}${english.path}`;
      for (const tr of translations.length ? translations : [{ locale, path: card.path }]) {
        if (!tr.path || seen.has(tr.path)) continue;
        seen.add(tr.path);
        entries.push({ url: `${SITE_URL}${tr.path}`, lastModified: card.date ?? undefined, alternates: { languages } });
      }
      seen.add(card.path);
    }
  }
  entries.push(
    { url: `${SITE_URL}/search/`, alternates: { languages: { en: `${SITE_URL}/search/`, es: `${SITE_URL}/es/buscar/` } } },
    { url: `${SITE_URL}/es/buscar/`, alternates: { languages: { en: `${SITE_URL}/search/`, es: `${SITE_URL}/es/buscar/` } } },
  );
  return entries;
}
