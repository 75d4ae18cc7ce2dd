/**
 * Rich text is HTML wherever a page type has it. The fields are found, not listed: the
 * OpenAPI document's marks (a description saying the value is HTML, Wagtail's
 * `x-rich-text-features`, a text/html media type or format) and every string of the
 * API's real answers (tests/fixtures/pages.json) that holds markup. Each is given a
 * marker paragraph and must come out as markup, never as escaped text.
 */
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Chrome } from "@/components/Chrome";
import { PageView } from "@/components/Pages";
import type { PageDetail, SiteInfo } from "@/lib/api";
import { markForeignLinks } from "@/lib/links";
import openapi from "../../src/api/openapi.json";
import fixtures from "../fixtures/pages.json";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SchemaNode = { [key: string]: Json };
const schemas = (openapi as unknown as { components: { schemas: Record<string, SchemaNode> } }).components.schemas;
const pages = fixtures as unknown as Record<PageDetail["type"], PageDetail>;
const TAG = /<\/?[a-z][^>]*>/i;
const ESCAPED_TAG = /&lt;\/?[a-z][^&]*&gt;/i;

function isHtmlSchema(node: SchemaNode): boolean {
  const description = typeof node.description === "string" ? node.description : "";
  return (
    "x-rich-text-features" in node ||
    node.contentMediaType === "text/html" ||
    node.format === "html" ||
    /^HTML\b/.test(description)
  );
}

/** Detail schema of each page type, from the RoutedPage union's discriminator. */
function detailSchemas(): Record<string, SchemaNode> {
  const mapping = ((schemas.RoutedPage.properties as SchemaNode).page as { discriminator: { mapping: Record<string, string> } })
    .discriminator.mapping;
  return Object.fromEntries(Object.entries(mapping).map(([type, ref]) => [type, schemas[ref.split("/").pop() as string]]));
}

/** Paths (lists of keys) of the strings in `value` that hold markup. */
function markupPaths(value: Json, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === "string") return TAG.test(value) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => markupPaths(item, [...path, i]));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => markupPaths(v, [...path, k]));
  return [];
}

function setAt(root: Json, path: (string | number)[], replacement: string): void {
  let node = root as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  node[path[path.length - 1]] = replacement;
}

function richTextFields(type: PageDetail["type"]): (string | number)[][] {
  const page = pages[type] as unknown as Json;
  const marked = Object.entries((detailSchemas()[type].properties ?? {}) as Record<string, SchemaNode>)
    .filter(([, prop]) => isHtmlSchema(prop))
    .map(([name]) => [name]);
  const fromData = markupPaths(page).filter((p) => p[0] !== "translations");
  const seen = new Set<string>();
  return [...marked, ...fromData].filter((p) => {
    const key = JSON.stringify(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

describe("rich text renders as markup", () => {
  it("the schema marks the home page's mission statement as HTML", () => {
    expect(richTextFields("home.HomePage")).toContainEqual(["mission_statement"]);
  });

  it.each(Object.keys(pages))("%s: no field shows escaped markup, in either language", (type) => {
    for (const locale of ["en", "es"] as const) {
      const html = renderToStaticMarkup(<PageView page={pages[type as PageDetail["type"]]} locale={locale} />);
      expect(html).not.toMatch(ESCAPED_TAG);
    }
  });

  it.each(Object.keys(pages))("%s: every rich-text field comes out as HTML", (type) => {
    const fields = richTextFields(type as PageDetail["type"]);
    for (const [i, field] of fields.entries()) {
      const page = structuredClone(pages[type as PageDetail["type"]]) as unknown as Json;
      setAt(page, field, `<p data-rt="${i}">Marker <b>bold</b> <a href="/somewhere/">link</a></p>`);
      const html = renderToStaticMarkup(<PageView page={page as unknown as PageDetail} locale="en" />);
      expect(html, `field ${field.join(".")}`).toContain(`<p data-rt="${i}">Marker <b>bold</b> <a href="/somewhere/">link</a></p>`);
      expect(html).not.toMatch(ESCAPED_TAG);
    }
  });

  it("the site's footer text is HTML too", () => {
    const site = {
      name: "MetroHartford Alliance",
      footer_text: "<p>Footer <a href=\"/about/\">about</a></p>",
      address: { lines: [] },
      social_links: [],
      copyright_holder: "MetroHartford Alliance",
    } as unknown as SiteInfo;
    const html = renderToStaticMarkup(
      <Chrome locale="en" nav={null} site={site}>
        <p>x</p>
      </Chrome>,
    );
    expect(html).toContain('<p>Footer <a href="/about/">about</a></p>');
  });
});

describe("links to pages in the other language", () => {
  type Home = Extract<PageDetail, { type: "home.HomePage" }>;
  const home = pages["home.HomePage"] as Home;
  // A Spanish home whose featured initiatives include one with no Spanish translation.
  const spanish: Home = {
    ...home,
    locale: "es",
    path: "/es/",
    featured_initiatives: [
      { id: 1, title: "HYPE", type: "initiatives.InitiativePage", path: "/es/iniciativas/hype/", locale: "es" },
      { id: 2, title: "Global Reach", type: "initiatives.InitiativePage", path: "/initiatives/global-reach/", locale: "en" },
    ],
    mission_statement:
      '<p>Vea <a href="/es/iniciativas/">iniciativas</a> y <a href="/initiatives/global-reach/" hreflang="en">Global Reach</a>.</p>',
  };

  it("are marked hreflang, lang on the title and a visible “(en inglés)”", () => {
    const html = renderToStaticMarkup(<PageView page={spanish} locale="es" />);
    expect(html).toContain(
      // React writes the attribute as hrefLang; HTML attribute names are case-insensitive.
      '<a href="/initiatives/global-reach/" hrefLang="en"><span lang="en">Global Reach</span> <span class="lang-note">(en inglés)</span></a>',
    );
    expect(html).toContain('<a href="/es/iniciativas/hype/">HYPE</a>');
    // Rich text: the CMS's hreflang is kept, lang added, the marker follows the link.
    expect(html).toContain('<a lang="en" href="/initiatives/global-reach/" hreflang="en">Global Reach</a> <span class="lang-note">(en inglés)</span>');
    expect(html).toContain('<a href="/es/iniciativas/">iniciativas</a> y');
  });

  it("in rich text are found by path when the CMS sets no hreflang", () => {
    expect(markForeignLinks('<a href="/key-industries/">Industrias</a>', "es")).toBe(
      '<a lang="en" hreflang="en" href="/key-industries/">Industrias</a> <span class="lang-note">(en inglés)</span>',
    );
    // Documents, media and other sites are not pages: no marker.
    expect(markForeignLinks('<a href="/documents/1/x.pdf">PDF</a>', "es")).toBe('<a href="/documents/1/x.pdf">PDF</a>');
    expect(markForeignLinks('<a href="https://example.org/">x</a>', "es")).toBe('<a href="https://example.org/">x</a>');
    expect(markForeignLinks('<a href="/initiatives/">x</a>', "en")).toBe('<a href="/initiatives/">x</a>');
  });

  it("are not marked on an English page linking to English pages", () => {
    const html = renderToStaticMarkup(<PageView page={home} locale="en" />);
    expect(html).not.toContain("lang-note");
  });
});
