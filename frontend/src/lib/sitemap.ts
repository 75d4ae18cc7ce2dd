/**
 * The sitemap, as an index of sitemaps: one or more files per language, each of at most
 * SITEMAP_CHUNK pages (the protocol allows 50,000; smaller files keep one request's work
 * bounded), so a site of any size is listed whole. Each file lists the pages of one
 * language with their alternates (hreflang, x-default to the English page); the search
 * pages, the data index and every indicator's page (which are not CMS pages) come first
 * in each language's first file.
 *
 * Pure functions over a PageSource, so a test can list 12,000 pages without a CMS.
 */
import type { PageCard } from "./api";
import { dataPath, LOCALES, searchPath, type Locale } from "./i18n";

export const SITEMAP_CHUNK = 5000;
/** Cards per API call (the listing's limit). */
export const PAGE_SIZE = 100;

export type PageSource = {
  count(locale: Locale): Promise<number>;
  list(locale: Locale, offset: number, limit: number): Promise<PageCard[]>;
  /** The indicators' pages in a language (src/lib/indicators.ts), with their translations. */
  indicators?(locale: Locale): Promise<{ url: string; translations: { locale: string; url: string | null }[] }[]>;
};

export type SitemapFile = { locale: Locale; index: number };

export function fileName(file: SitemapFile): string {
  return `${file.locale}-${file.index}.xml`;
}

export function parseFileName(name: string): SitemapFile | null {
  const match = /^(en|es)-(\d{1,6})\.xml$/.exec(name);
  return match ? { locale: match[1] as Locale, index: Number(match[2]) } : null;
}

function xml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The files of the index: ceil(count / SITEMAP_CHUNK) per language, at least one. */
export async function sitemapFiles(source: PageSource): Promise<SitemapFile[]> {
  const files: SitemapFile[] = [];
  for (const locale of LOCALES) {
    const count = await source.count(locale);
    const chunks = Math.max(1, Math.ceil(count / SITEMAP_CHUNK));
    for (let index = 0; index < chunks; index += 1) files.push({ locale, index });
  }
  return files;
}

export async function sitemapIndex(source: PageSource, siteUrl: string): Promise<string> {
  const files = await sitemapFiles(source);
  const entries = files.map((f) => `<sitemap><loc>${xml(`${siteUrl}/sitemap/${fileName(f)}`)}</loc></sitemap>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join("\n")}\n</sitemapindex>\n`;
}

type Entry = { path: string; lastModified?: string | null; alternates: Record<string, string> };

function entryXml(siteUrl: string, entry: Entry): string {
  const links = Object.entries(entry.alternates).map(
    ([lang, path]) => `<xhtml:link rel="alternate" hreflang="${lang}" href="${xml(siteUrl + path)}"/>`,
  );
  const lastmod = entry.lastModified ? `<lastmod>${xml(entry.lastModified)}</lastmod>` : "";
  return `<url><loc>${xml(siteUrl + entry.path)}</loc>${lastmod}${links.join("")}</url>`;
}

function alternatesOf(card: PageCard): Record<string, string> {
  const languages: Record<string, string> = {};
  for (const tr of card.translations) if (tr.path) languages[tr.locale] = tr.path;
  if (languages.en) languages["x-default"] = languages.en;
  return languages;
}

/**
 * The data index and each indicator's page in a language, with the same indicator in
 * the other languages (the API's translations, whose slugs may differ) as alternates.
 */
async function dataEntries(source: PageSource, locale: Locale): Promise<Entry[]> {
  const entries: Entry[] = [{ path: dataPath[locale], alternates: { en: dataPath.en, es: dataPath.es, "x-default": dataPath.en } }];
  if (!source.indicators) return entries;
  for (const item of await source.indicators(locale)) {
    if (!item.url.startsWith("/")) continue;
    const alternates: Record<string, string> = { [locale]: item.url };
    for (const tr of item.translations) {
      if ((tr.locale === "en" || tr.locale === "es") && tr.url?.startsWith("/")) alternates[tr.locale] = tr.url;
    }
    if (alternates.en) alternates["x-default"] = alternates.en;
    entries.push({ path: item.url, alternates });
  }
  return entries;
}

/** One file's pages, read in API pages of PAGE_SIZE; null past the last file. */
export async function sitemapFile(source: PageSource, siteUrl: string, file: SitemapFile): Promise<string | null> {
  const count = await source.count(file.locale);
  const start = file.index * SITEMAP_CHUNK;
  if (file.index > 0 && start >= count) return null;
  const end = Math.min(count, start + SITEMAP_CHUNK);
  const entries: Entry[] = [];
  if (file.index === 0) {
    const search = { en: searchPath.en, es: searchPath.es, "x-default": searchPath.en };
    entries.push({ path: searchPath[file.locale], alternates: search });
    entries.push(...(await dataEntries(source, file.locale)));
  }
  for (let offset = start; offset < end; offset += PAGE_SIZE) {
    const cards = await source.list(file.locale, offset, Math.min(PAGE_SIZE, end - offset));
    if (cards.length === 0) break;
    for (const card of cards) {
      if (!card.path) continue;
      entries.push({ path: card.path, lastModified: card.date, alternates: alternatesOf(card) });
    }
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n` +
    `${entries.map((e) => entryXml(siteUrl, e)).join("\n")}\n</urlset>\n`
  );
}
