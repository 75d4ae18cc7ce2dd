import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { childrenPageNumber, childrenPages, PageView, pdfSections, templateFor } from "@/components/Pages";
import type { PageDetail } from "@/lib/api";
import { sanitizeExcerpt } from "@/lib/sanitize";
import { numberWords } from "@/lib/i18n";
import { formatBytes, formatDate, formatFigure } from "@/lib/format";
import fixtures from "../fixtures/pages.json";

const pages = fixtures as unknown as Record<PageDetail["type"], PageDetail>;

describe("the page-type switch", () => {
  const expected: Record<PageDetail["type"], string> = {
    "home.HomePage": "home",
    "home.ContentPage": "listing",
    "initiatives.InitiativeIndexPage": "listing",
    "initiatives.InitiativePage": "initiative",
    "reports.ReportIndexPage": "listing",
    "reports.ReportPage": "report",
    "industries.IndustryIndexPage": "listing",
    "industries.IndustryProfilePage": "industry",
  };

  it.each(Object.entries(expected))("%s uses the %s template", (type, template) => {
    expect(templateFor(type as PageDetail["type"])).toBe(template);
  });

  it("throws on a type the API does not name", () => {
    expect(() => templateFor("blog.BlogPage" as PageDetail["type"])).toThrow(/Unknown page type/);
  });

  it.each(Object.keys(expected))("renders a %s from the API without errors", (type) => {
    const page = pages[type as PageDetail["type"]];
    expect(page, `fixture for ${type}`).toBeDefined();
    const html = renderToStaticMarkup(<PageView page={page} locale="en" />);
    expect(html).toContain(type === "home.HomePage" ? "<h1>" : `<h1>${page.title.replace(/&/g, "&amp;")}</h1>`);
  });

  it("draws report indicators as SVG with a data table, and links the PDF with its size", () => {
    const html = renderToStaticMarkup(<PageView page={pages["reports.ReportPage"]} locale="en" />);
    expect(html).toMatch(/<svg[^>]*role="img"/);
    expect(html).toContain("<table>");
    expect(html).toMatch(/Download the full report <span class="meta">\(PDF, [\d.]+ [kM]B\)/);
  });

  it("formats numbers per locale", () => {
    const html = renderToStaticMarkup(<PageView page={pages["reports.ReportPage"]} locale="es" />);
    expect(html).toContain("Descargar el informe completo");
    expect(formatFigure("en", 1234.5, "")).toBe("1,234.5");
    // US Spanish (es-US): the decimal point as in English, Spanish words for dates.
    expect(formatFigure("es", 1234.5, "")).toBe("1,234.5");
    expect(formatDate("es", "2016-06-01")).toBe("1 de junio de 2016");
    expect(formatDate("en", "2016-06-01")).toBe("June 1, 2016");
    expect(formatFigure("en", 42, "%")).toBe("42%");
    expect(formatBytes("en", 1_234_567)).toBe("1.2 MB");
  });
});

describe("a report's PDF sections", () => {
  type Report = Extract<PageDetail, { type: "reports.ReportPage" }>;
  const report = pages["reports.ReportPage"] as Report;

  it("come from the API's document_sections: h2 only, found ones, one per page, in page order", async () => {
    const sections = await pdfSections(report, "en");
    expect(sections).toEqual([
      { label: "Inside the report", page: 2 },
      { label: "Our challenges", page: 3 },
      { label: "Where will we see meaningful change?", page: 4 },
      { label: "Regional thinking", page: 6 },
      { label: "A snapshot of the Greater Hartford region", page: 8 },
    ]);
    const html = renderToStaticMarkup(<PageView page={report} locale="en" sections={sections} />);
    expect(html).toContain(`href="${report.document?.url}#page=3"`);
  });

  it("are none when the PDF holds none of the headings, or there is no PDF", async () => {
    const unfound = report.document_sections.map((s) => ({ ...s, page_number: null, page_url: null }));
    expect(await pdfSections({ ...report, document_sections: unfound }, "es")).toEqual([]);
    expect(await pdfSections({ ...report, document: null }, "en")).toEqual([]);
  });
});

describe("search excerpts", () => {
  it("let only <mark> through", () => {
    expect(sanitizeExcerpt("a <mark>b</mark> c")).toBe("a <mark>b</mark> c");
    expect(sanitizeExcerpt('<img src=x onerror="alert(1)"><mark>x</mark>')).toBe(
      "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;<mark>x</mark>",
    );
    expect(sanitizeExcerpt("<mark class=x>y</mark>")).toBe("&lt;mark class=x&gt;y");
    expect(sanitizeExcerpt("&lt;script&gt;")).toBe("&lt;script&gt;");
    expect(sanitizeExcerpt("<mark>open")).toBe("<mark>open</mark>");
    expect(sanitizeExcerpt("close</mark>")).toBe("close");
  });

  it("counts results in words", () => {
    expect(numberWords("en", 3)).toBe("Three");
    expect(numberWords("es", 1)).toBe("Un");
    expect(numberWords("en", 1234)).toBe("1,234");
  });
});

describe("a landing with more children than its detail carries", () => {
  type Landing = Extract<PageDetail, { type: "reports.ReportIndexPage" }>;
  const base = pages["reports.ReportIndexPage"] as Landing;
  const card = base.children[0];
  const cards = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ ...card, id: from + i, title: `Brief ${from + i}`, listing_title: `Brief ${from + i}` }));
  const landing: Landing = { ...base, children: cards(1000, 24), children_total: 50 };

  it("shows the first cards, the body, and a link to the next page", () => {
    const html = renderToStaticMarkup(<PageView page={landing} locale="en" />);
    expect(html.match(/<li class="card/g)).toHaveLength(24);
    expect(html).toContain('<nav aria-label="Page 1 of 3" class="pager">');
    expect(html).toContain(`<a href="${landing.path}?page=2">Next page</a>`);
    expect(html).not.toContain("Previous page");
    expect(html).not.toContain("pager-at");
  });

  it("shows a later page's cards, without the body, linking both ways, in Spanish too", () => {
    const childrenPage = { number: 2, pages: 3, cards: cards(2000, 24) };
    const html = renderToStaticMarkup(<PageView page={landing} locale="es" childrenPage={childrenPage} />);
    expect(html).toContain("Brief 2000");
    expect(html).not.toContain("Brief 1000");
    expect(html).toContain('aria-label="Página 2 de 3"');
    expect(html).toContain('<p class="pager-at">Página 2 de 3</p>');
    expect(html).toContain(`<a href="${landing.path}">Página anterior</a>`);
    expect(html).toContain(`<a href="${landing.path}?page=3">Página siguiente</a>`);
    const withBody = { ...landing, body: [{ type: "paragraph", id: "intro-text", value: "<p>Only on the first page.</p>" }] } as Landing;
    expect(renderToStaticMarkup(<PageView page={withBody} locale="es" />)).toContain("Only on the first page.");
    expect(renderToStaticMarkup(<PageView page={withBody} locale="es" childrenPage={childrenPage} />)).not.toContain("Only on the first page.");
  });

  it("reads ?page= as a page that exists, else the first", () => {
    expect(childrenPages(landing)).toBe(3);
    for (const [raw, n] of [["2", 2], ["3", 3], ["4", 1], ["0", 1], ["-1", 1], ["2.5", 1], ["abc", 1], [undefined, 1], [["2", "3"], 1]] as const) {
      expect(childrenPageNumber(landing, raw)).toBe(n);
    }
  });

  it("has no pager when every child is shown", () => {
    const html = renderToStaticMarkup(<PageView page={base} locale="en" />);
    expect(html).not.toContain('class="pager"');
    expect(childrenPages(base)).toBe(1);
  });
});
