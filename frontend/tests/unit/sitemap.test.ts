import { describe, expect, it } from "vitest";
import type { PageCard } from "@/lib/api";
import type { Locale } from "@/lib/i18n";
import { parseFileName, sitemapFile, sitemapIndex, SITEMAP_CHUNK, type PageSource } from "@/lib/sitemap";

const SITE = "https://example.org";

/** A listing of `counts[locale]` pages, with the English ones translated for the first 10. */
function source(counts: Record<Locale, number>): PageSource & { calls: number } {
  const card = (locale: Locale, i: number): PageCard => {
    const path = locale === "en" ? `/p/${i}/` : `/es/p/${i}/`;
    const translations = [{ locale, path }] as PageCard["translations"];
    if (i < 10) translations.push({ locale: locale === "en" ? "es" : "en", path: locale === "en" ? `/es/p/${i}/` : `/p/${i}/` } as never);
    return { id: i, type: "home.ContentPage", title: `P${i}`, listing_title: `P${i}`, summary: "", image: null, path, locale, date: null, translations };
  };
  const s = {
    calls: 0,
    async count(locale: Locale) {
      return counts[locale];
    },
    async list(locale: Locale, offset: number, limit: number) {
      s.calls += 1;
      expect(limit).toBeLessThanOrEqual(100);
      const end = Math.min(counts[locale], offset + limit);
      return Array.from({ length: Math.max(0, end - offset) }, (_, k) => card(locale, offset + k));
    },
  };
  return s;
}

const locs = (body: string) => [...body.matchAll(/<url><loc>([^<]+)<\/loc>/g)].map((m) => m[1]);

describe("the sitemap index", () => {
  it("lists every page past 5,000 per language, in files of at most 5,000", async () => {
    const pages = source({ en: 12_345, es: 7 });
    const index = await sitemapIndex(pages, SITE);
    const files = [...index.matchAll(/<loc>[^<]*\/sitemap\/([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(files).toEqual(["en-0.xml", "en-1.xml", "en-2.xml", "es-0.xml"]);
    const all: string[] = [];
    for (const name of files) {
      const body = await sitemapFile(pages, SITE, parseFileName(name)!);
      expect(body).not.toBeNull();
      const urls = locs(body!);
      // A language's first file also lists its search page and the data index.
      expect(urls.length).toBeLessThanOrEqual(SITEMAP_CHUNK + 2);
      all.push(...urls);
    }
    const english = all.filter((u) => u.startsWith(`${SITE}/p/`));
    expect(english).toHaveLength(12_345);
    expect(new Set(english).size).toBe(12_345);
    expect(all).toContain(`${SITE}/p/12344/`);
    expect(all.filter((u) => u.startsWith(`${SITE}/es/p/`))).toHaveLength(7);
    expect(all).toContain(`${SITE}/search/`);
    expect(all).toContain(`${SITE}/es/buscar/`);
    expect(all).toContain(`${SITE}/data/`);
    expect(all).toContain(`${SITE}/es/datos/`);
  });

  it("lists the data index and every indicator in both languages, each with its alternates", async () => {
    const pages = {
      ...source({ en: 3, es: 3 }),
      async indicators(locale: Locale) {
        // The Spanish slug differs; "jobs" exists in English only.
        const both = [
          { locale: "en", url: "/data/unemployment/" },
          { locale: "es", url: "/es/datos/desempleo/" },
        ];
        return locale === "en"
          ? [{ url: "/data/unemployment/", translations: both }, { url: "/data/jobs/", translations: [] }]
          : [{ url: "/es/datos/desempleo/", translations: both }];
      },
    };
    const en = (await sitemapFile(pages, SITE, { locale: "en", index: 0 }))!;
    const es = (await sitemapFile(pages, SITE, { locale: "es", index: 0 }))!;
    expect(locs(en)).toEqual(expect.arrayContaining([`${SITE}/data/`, `${SITE}/data/unemployment/`, `${SITE}/data/jobs/`]));
    expect(locs(es)).toEqual(expect.arrayContaining([`${SITE}/es/datos/`, `${SITE}/es/datos/desempleo/`]));
    expect(locs(es)).not.toContain(`${SITE}/es/datos/jobs/`);
    const entry = (body: string, loc: string) => body.split("\n").find((line) => line.startsWith(`<url><loc>${loc}</loc>`))!;
    for (const body of [en, es]) {
      const line = entry(body, body === en ? `${SITE}/data/unemployment/` : `${SITE}/es/datos/desempleo/`);
      expect(line).toContain(`hreflang="en" href="${SITE}/data/unemployment/"`);
      expect(line).toContain(`hreflang="es" href="${SITE}/es/datos/desempleo/"`);
      expect(line).toContain(`hreflang="x-default" href="${SITE}/data/unemployment/"`);
    }
    const jobs = entry(en, `${SITE}/data/jobs/`);
    expect(jobs).not.toContain('hreflang="es"');
    expect(entry(es, `${SITE}/es/datos/`)).toContain(`hreflang="en" href="${SITE}/data/"`);
    // Later files do not repeat them.
    expect(await sitemapFile(pages, SITE, { locale: "en", index: 1 })).toBeNull();
  });

  it("gives alternates with x-default, and escapes URLs", async () => {
    const body = (await sitemapFile(source({ en: 1, es: 1 }), "https://x.org/a&b", { locale: "es", index: 0 }))!;
    expect(body).toContain('<xhtml:link rel="alternate" hreflang="en" href="https://x.org/a&amp;b/p/0/"/>');
    expect(body).toContain('hreflang="x-default" href="https://x.org/a&amp;b/p/0/"');
    expect(body).toContain('hreflang="es" href="https://x.org/a&amp;b/es/p/0/"');
  });

  it("has no file past the last, and refuses odd names", async () => {
    expect(await sitemapFile(source({ en: 10, es: 0 }), SITE, { locale: "en", index: 1 })).toBeNull();
    expect(await sitemapFile(source({ en: 0, es: 0 }), SITE, { locale: "es", index: 0 })).toContain("/es/buscar/");
    expect(parseFileName("fr-0.xml")).toBeNull();
    expect(parseFileName("en-0.xml/../x")).toBeNull();
    expect(parseFileName("es-12.xml")).toEqual({ locale: "es", index: 12 });
  });
});
