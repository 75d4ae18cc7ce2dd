import type { MetadataRoute } from "next";
import { getPageTranslations, listPages } from "@/lib/api";
import { SITE_URL } from "@/lib/site-url";

export const dynamic = "force-dynamic";

/** Every live English page with its Spanish alternate (and Spanish pages with no English one). */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const entries: MetadataRoute.Sitemap = [];
  const seen = new Set<string>();
  for (const locale of ["en", "es"] as const) {
    const cards = await listPages(locale);
    // Translations come from each page's detail (cards do not carry them), a few at a time.
    const details = new Map<number, Awaited<ReturnType<typeof getPageTranslations>>>();
    for (let i = 0; i < cards.length; i += 6) {
      const batch = cards.slice(i, i + 6).filter((c) => c.path && !seen.has(c.path));
      const loaded = await Promise.all(batch.map((c) => getPageTranslations(c.id)));
      batch.forEach((c, j) => details.set(c.id, loaded[j]));
      for (const list of loaded) for (const tr of list) if (tr.path) seen.add(tr.path);
    }
    for (const card of cards) {
      if (!card.path || !details.has(card.id)) continue;
      const translations = details.get(card.id) ?? [];
      const languages: Record<string, string> = {};
      for (const tr of translations) {
        if (tr.path) {
          languages[tr.locale] = `${SITE_URL}${tr.path}`;
          seen.add(tr.path);
        }
      }
      const english = translations.find((tr) => tr.locale === "en" && tr.path);
      if (english) languages["x-default"] = `${SITE_URL}${english.path}`;
      for (const tr of translations.length ? translations : [{ locale, path: card.path }]) {
        if (!tr.path) continue;
        entries.push({
          url: `${SITE_URL}${tr.path}`,
          lastModified: card.date ?? undefined,
          alternates: { languages },
        });
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
