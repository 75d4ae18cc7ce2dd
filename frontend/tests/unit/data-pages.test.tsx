import { renderToStaticMarkup } from "react-dom/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { IndicatorDetail, IndicatorList } from "@/lib/indicators";
import fixtures from "../fixtures/indicators.json";

// The data pages' metadata and templates, with the CMS's answers given (the contract's
// shapes, tests/fixtures/indicators.json): no request leaves the test.
type Fixture = Record<"en" | "es", { list: IndicatorList; details: Record<string, IndicatorDetail> }>;
const data = fixtures as unknown as Fixture;
const cms = vi.hoisted(() => ({ down: false, calls: [] as string[] }));

vi.mock("next/headers", () => ({
  headers: async () => new Headers(),
  draftMode: async () => ({ isEnabled: false }),
  cookies: async () => ({ get: () => undefined }),
}));
vi.mock("@/lib/api", async (original) => {
  const actual = await original<typeof import("@/lib/api")>();
  return {
    ...actual,
    listIndicatorsPage: async (locale: "en" | "es", offset: number, limit: number) => {
      cms.calls.push(`list ${locale} ${offset} ${limit}`);
      if (cms.down) throw new actual.ApiUnavailableError("down");
      const list = data[locale].list;
      return { count: list.count, items: list.items.slice(offset, offset + limit) };
    },
    getIndicatorDetail: async (locale: "en" | "es", slug: string) => {
      cms.calls.push(`detail ${locale} ${slug}`);
      if (cms.down) throw new actual.ApiUnavailableError("down");
      return data[locale].details[slug] ?? null;
    },
  };
});

const { dataMetadata } = await import("@/components/DataPages");
const { DataIndexView, IndicatorView } = await import("@/components/DataViews");
const { IndicatorFigure, DataTable } = await import("@/components/Charts");
const { ReportView } = await import("@/components/Pages");
const { SITE_URL } = await import("@/lib/site-url");
const { CMS_URL } = await import("@/lib/api");
const { dataPage } = await import("@/lib/indicators");
const { listIndicators, chosenSeries, MAX_PLACES } = await import("@/lib/indicators");
const { chosenPlaces } = await import("@/components/DataPages");
const pages = (await import("../fixtures/pages.json")).default as unknown as Record<string, unknown>;

beforeEach(() => {
  cms.down = false;
  cms.calls = [];
});

describe("the data pages' metadata", () => {
  it("an indicator: its name (and that it is a sample), canonical URL and both languages", async () => {
    const meta = await dataMetadata("en", "unemployment-rate");
    expect(meta.title).toBe("Unemployment rate (Sample data)");
    expect(meta.description).toBe(data.en.details["unemployment-rate"].definition);
    expect(meta.alternates?.canonical).toBe(`${SITE_URL}/data/unemployment-rate/`);
    expect(meta.alternates?.languages).toEqual({
      en: `${SITE_URL}/data/unemployment-rate/`,
      es: `${SITE_URL}/es/datos/unemployment-rate/`,
      "x-default": `${SITE_URL}/data/unemployment-rate/`,
    });
    const es = await dataMetadata("es", "unemployment-rate");
    expect(es.title).toBe("Tasa de desempleo (Datos de muestra)");
    expect(es.alternates?.canonical).toBe(`${SITE_URL}/es/datos/unemployment-rate/`);
    expect(es.openGraph).toMatchObject({ locale: "es_US", url: `${SITE_URL}/es/datos/unemployment-rate/` });
  });

  it("an indicator with no translation names itself alone (and no x-default without English)", async () => {
    const meta = await dataMetadata("es", "broadband");
    expect(meta.alternates?.languages).toEqual({
      en: `${SITE_URL}/data/broadband/`,
      es: `${SITE_URL}/es/datos/broadband/`,
      "x-default": `${SITE_URL}/data/broadband/`,
    });
    expect(meta.title).toBe("Acceso a banda ancha");
  });

  it("the index in each language", async () => {
    const en = await dataMetadata("en", null);
    expect(en.title).toBe("Data");
    expect(en.alternates?.canonical).toBe(`${SITE_URL}/data/`);
    expect(en.alternates?.languages).toEqual({ en: `${SITE_URL}/data/`, es: `${SITE_URL}/es/datos/`, "x-default": `${SITE_URL}/data/` });
    const es = await dataMetadata("es", null);
    expect(es.title).toBe("Datos");
    expect(es.alternates?.canonical).toBe(`${SITE_URL}/es/datos/`);
  });

  it("an unknown slug is the not-found page's; a malformed one is not even asked for", async () => {
    expect((await dataMetadata("en", "no-such-indicator")).title).toBe("404");
    cms.calls = [];
    expect((await dataMetadata("en", "../../admin")).title).toBe("404");
    expect(cms.calls).toEqual([]);
  });

  it("the CMS down: the unavailable page's title, not indexed", async () => {
    cms.down = true;
    const meta = await dataMetadata("es", "net-migration");
    expect(meta.title).toBe("El sitio no está disponible por un momento");
    expect(meta.robots).toEqual({ index: false });
  });
});

describe("the indicators listing", () => {
  it("is read whole, a page of 100 at a time", async () => {
    const many = Array.from({ length: 230 }, (_, i) => ({ ...data.en.list.items[0], slug: `i${i}` }));
    const saved = data.en.list;
    data.en.list = { count: many.length, items: many };
    try {
      const list = await listIndicators("en");
      expect(list?.items.map((i) => i.slug)).toEqual(many.map((i) => i.slug));
      expect(cms.calls).toEqual(["list en 0 100", "list en 100 100", "list en 200 100"]);
    } finally {
      data.en.list = saved;
    }
  });
});

describe("the places a chart compares", () => {
  const obs = (note = "") => ({ ...data.en.details["unemployment-rate"].series[0].observations[0], note });
  const place = (slug: string, kind: string, observations = [obs()]) => ({ geography: { slug, name: slug, kind }, observations });
  const indicator = {
    headline_geography: "metro",
    series: [
      place("county-a", "county"),
      place("metro", "region"),
      place("county-b", "county"),
      place("state", "state"),
      place("nation", "nation"),
      place("peer-a", "peer"),
      place("peer-b", "peer"),
      place("peer-c", "peer"),
      place("empty", "peer", []),
    ],
  } as never;
  const slugs = (chosen?: string[]) => chosenSeries(indicator, chosen).map((x) => x.geography.slug);

  it("by default: the region first, then the state, the nation and the peers, at most six", () => {
    expect(slugs()).toEqual(["metro", "state", "nation", "peer-a", "peer-b", "peer-c"]);
    expect(slugs().length).toBeLessThanOrEqual(MAX_PLACES);
  });

  it("as the reader chose (unknown and empty places ignored), the region always first", () => {
    expect(slugs(["county-b", "county-a", "nope", "empty"])).toEqual(["metro", "county-a", "county-b"]);
    expect(slugs(["nope"])).toEqual(slugs());
  });

  it("takes the URL's places as slugs only", () => {
    expect(chosenPlaces(undefined)).toEqual([]);
    expect(chosenPlaces("county-a")).toEqual(["county-a"]);
    expect(chosenPlaces(["a", "<script>", "b"])).toEqual(["a", "b"]);
  });

  it("offers the other places as a form that works without script, and says a shared note once", () => {
    const detail = data.en.details["unemployment-rate"];
    const noted = {
      ...detail,
      series: detail.series.map((x) => ({ ...x, observations: x.observations.map((o) => (o.period === "2024" ? { ...o, note: "Sample data." } : o)) })),
    };
    const html = renderToStaticMarkup(<IndicatorView indicator={noted} locale="en" chosen={["connecticut"]} />);
    expect(html).toContain('<form action="/data/unemployment-rate/" method="get">');
    expect(html).toContain('<input type="checkbox" id="place-connecticut" name="geography" checked="" value="connecticut"/>');
    expect(html).toContain('<input type="checkbox" id="place-united-states" name="geography" value="united-states"/>');
    expect(html).not.toContain(">United States</th>");
    expect(html.match(/Sample data\./g)).toHaveLength(1);
    expect(html).toContain("<li>2024: Sample data.</li>");
  });
});

describe("the data pages' paths", () => {
  it("are the English and Spanish index and indicators, with or without the slash", () => {
    expect(dataPage("/data/")).toEqual({ locale: "en", slug: null });
    expect(dataPage("/data")).toEqual({ locale: "en", slug: null });
    expect(dataPage("/es/datos/tasa")).toEqual({ locale: "es", slug: "tasa" });
    expect(dataPage("/data/a%20b/")).toEqual({ locale: "en", slug: "a b" });
    expect(dataPage("/data/a/b/")).toBeNull();
    expect(dataPage("/es/data/")).toBeNull();
    expect(dataPage("/datos/")).toBeNull();
  });
});

describe("an indicator's page", () => {
  const render = (locale: "en" | "es", slug: string) =>
    renderToStaticMarkup(<IndicatorView indicator={data[locale].details[slug]} locale={locale} />);

  it("shows the chart, the table, the source and the data to download, and says it is a sample", () => {
    const html = render("en", "unemployment-rate");
    expect(html).toMatch(/<h1>Unemployment rate <span class="sample-badge">Sample data<\/span><\/h1>/);
    expect(html).toContain('data-testid="sample-data"');
    expect(html).toMatch(/<svg[^>]*role="img"/);
    expect(html).toContain("<caption>Values of Unemployment rate (percent)</caption>");
    expect(html).toMatch(/<th scope="col" class="num">Connecticut<\/th>/);
    // Provisional values starred, with the word for screen readers; margins of error.
    expect(html).toContain('<span class="visually-hidden"> (provisional)</span>');
    expect(html).toContain("Provisional value, which may be revised.");
    expect(html).toMatch(/5\.9%<span class="moe"> <span aria-hidden="true">±<\/span><span class="visually-hidden">margin of error<\/span>0\.3%<\/span>/);
    expect(html).toContain('Source: <a href="https://www.bls.gov/lau/">Bureau of Labor Statistics, LAUS</a>');
    expect(html).toContain(`href="${CMS_URL}/api/v3/indicators/unemployment-rate/data.csv?locale=en"`);
    expect(html).toContain(`href="${CMS_URL}/api/v3/indicators/unemployment-rate/data.json?locale=en"`);
    expect(html).toContain("Annual averages of monthly estimates.");
    expect(html).toContain('href="/initiatives/hype/"');
    expect(html).toContain("A lower value is better.");
  });

  it("in Spanish", () => {
    const html = render("es", "unemployment-rate");
    expect(html).toContain('<span class="sample-badge">Datos de muestra</span>');
    expect(html).toContain("Descargar los datos");
    expect(html).toContain("<caption>Valores de Tasa de desempleo (por ciento)</caption>");
    expect(html).toContain('href="/es/datos/"');
    expect(html).toContain("Valor provisional, que puede revisarse.");
  });

  it("leaves out a place without values, and a sample badge where the data is real", () => {
    const income = render("en", "median-income");
    expect(income).not.toContain("Connecticut");
    const migration = render("en", "net-migration");
    expect(migration).not.toContain("Sample data");
    expect(migration).toContain("-200");
    expect(migration).toContain("Source: Census Bureau");
  });

  it("with no values: says so, with neither chart nor table", () => {
    const html = render("en", "broadband");
    expect(html).toContain("No values have been published for this indicator yet.");
    expect(html).not.toContain("<svg");
    expect(html).not.toContain("<table");
  });
});

describe("the data index", () => {
  it("lists every indicator with its latest value and a trend line with words, samples marked", () => {
    const html = renderToStaticMarkup(<DataIndexView items={data.en.list.items} locale="en" />);
    expect(html).toContain("Four indicators");
    for (const item of data.en.list.items) expect(html).toContain(`href="${item.url}"`);
    expect(html.match(/class="sample-badge">Sample data</g)?.length).toBeGreaterThanOrEqual(3);
    expect(html).toMatch(/<svg class="sparkline"[^>]*role="img"[^>]*aria-label="Trend, Hartford metro area: 5.9% in 2015, 4% in 2024 \(falling\).">/);
    expect(html).toContain("<h2 id=\"theme-0\">Economy</h2>");
    expect(html).toContain("Other indicators");
    expect(html).toContain("No values yet.");
    const es = renderToStaticMarkup(<DataIndexView items={data.es.list.items} locale="es" />);
    expect(es).toContain("Datos de muestra");
    expect(es).toContain("Cuatro indicadores");
    expect(es).toContain("Tendencia, Área metropolitana de Hartford: 5.9% en 2015, 4% en 2024 (en descenso).");
  });
});

describe("a report's indicators, tables and figures", () => {
  const point = { ...data.en.details["unemployment-rate"].series[0].observations[8], geography: { slug: "hartford-metro", name: "Hartford metro area" } };
  const comparison = { ...data.en.details["unemployment-rate"].series[2].observations[8], geography: { slug: "united-states", name: "United States" } };
  const block = {
    label: "Unemployment",
    value: 3.9,
    unit: "%",
    period: "2023",
    comparison_value: null,
    comparison_label: "",
    source: "BLS",
    source_url: "",
    indicator: { slug: "unemployment-rate", name: "Unemployment rate", url: "/data/unemployment-rate/", unit: "percent", unit_label: "%", is_sample: true },
    point,
    comparison,
    downloads: { csv: "/api/v3/indicators/unemployment-rate/data.csv", json: "/api/v3/indicators/unemployment-rate/data.json" },
  };

  it("an indicator block shows its point and the comparison, and links the indicator and its data", () => {
    const html = renderToStaticMarkup(<IndicatorFigure value={block} locale="en" id="b1" />);
    expect(html).toContain('<span class="indicator-value">3.9%</span>');
    expect(html).toContain("Hartford metro area, 2023");
    expect(html).toContain("United States, 2023");
    expect(html).toContain("Sample data");
    expect(html).toContain('href="/data/unemployment-rate/"');
    expect(html).toContain(`href="${CMS_URL}/api/v3/indicators/unemployment-rate/data.csv"`);
  });

  it("an indicator block without a comparison, or not linked, draws what it has", () => {
    const alone = renderToStaticMarkup(<IndicatorFigure value={{ ...block, comparison: null }} locale="es" id="b1" />);
    expect(alone).not.toContain("United States");
    expect(alone).toContain("Ver el indicador y sus datos");
    const plain = renderToStaticMarkup(
      <IndicatorFigure value={{ ...block, indicator: null, point: null, comparison: null, downloads: null }} locale="en" id="b1" />,
    );
    expect(plain).not.toContain("/data/");
    expect(plain).toContain("3.9%");
  });

  it("a data table links its CSV; a report its figures", () => {
    const table = {
      title: "Jobs",
      table: { caption: "", columns: [{ heading: "Sector", type: "text" }, { heading: "Jobs", type: "number" }], rows: [["A", 1], ["B", 2]] },
      source: "",
      source_url: "",
      downloads: { csv: "/api/v3/reports/9/tables/abc.csv", json: "/api/v3/reports/9/tables/abc.json" },
    };
    const html = renderToStaticMarkup(<DataTable value={table as never} locale="en" id="t" />);
    expect(html).toContain(`href="${CMS_URL}/api/v3/reports/9/tables/abc.csv"`);
    expect(html).toContain("Download this table (CSV)");
    const report = { ...(pages["reports.ReportPage"] as object), figures_download: "/api/v3/reports/9/figures.zip" };
    const page = renderToStaticMarkup(<ReportView page={report as never} locale="es" />);
    expect(page).toContain(`href="${CMS_URL}/api/v3/reports/9/figures.zip"`);
    expect(page).toContain("Descargar las figuras");
  });
});
