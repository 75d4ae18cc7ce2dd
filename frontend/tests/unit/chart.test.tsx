import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { describeChart, LineChart, Sparkline } from "@/components/LineChart";
import {
  direction,
  formatMeasure,
  formatTick,
  labelIndexes,
  layoutLineChart,
  linearScale,
  niceStep,
  niceTicks,
  periodLabel,
  sparklinePath,
  timeOf,
  type ChartBox,
} from "@/lib/chart";
import type { IndicatorDetail, Observation, Series } from "@/lib/indicators";
import fixtures from "../fixtures/indicators.json";

const details = (fixtures as unknown as Record<"en" | "es", { details: Record<string, IndicatorDetail> }>);
const unemployment = details.en.details["unemployment-rate"];
const migration = details.en.details["net-migration"];
const BOX: ChartBox = { width: 720, height: 360, top: 30, right: 40, bottom: 40, left: 72 };

function obs(year: number, value: number | null, status: Observation["status"] = "final"): Observation {
  return {
    period: String(year),
    period_type: "year",
    start_date: `${year}-01-01`,
    end_date: `${year}-12-31`,
    value,
    margin_of_error: null,
    status,
    note: "",
  };
}
const place = (slug: string, observations: Observation[]): Series => ({ geography: { slug, name: slug, kind: "metro" }, observations });

describe("axis ticks", () => {
  it("step by 1, 2 or 5 times a power of ten", () => {
    expect(niceStep(10, 5)).toBe(2);
    expect(niceStep(4.5, 5)).toBe(1);
    expect(niceStep(280, 5)).toBe(100);
    expect(niceStep(0.2, 5)).toBe(0.05);
    expect(niceStep(0, 5)).toBe(1);
  });

  it("cover the values with whole steps, without floating-point noise", () => {
    expect(niceTicks(3.6, 8.1)).toMatchObject({ min: 3, max: 9, step: 1, ticks: [3, 4, 5, 6, 7, 8, 9] });
    expect(niceTicks(0.1, 0.3).ticks).toEqual([0.1, 0.15, 0.2, 0.25, 0.3]);
    const negative = niceTicks(-200, 80);
    expect(negative.ticks).toEqual([-200, -100, 0, 100]);
  });

  it("give one value a domain around it, and zero a domain of [0, 1]", () => {
    const one = niceTicks(86500, 86500);
    expect(one.min).toBeLessThan(86500);
    expect(one.max).toBeGreaterThan(86500);
    expect(one.min).toBeGreaterThanOrEqual(0);
    expect(niceTicks(0, 0)).toMatchObject({ min: 0, max: 1 });
    const below = niceTicks(-5, -5);
    expect(below.max).toBeLessThanOrEqual(0);
    expect(below.min).toBeLessThan(-5);
  });

  it("map linearly, a one-point domain to the middle", () => {
    const y = linearScale([0, 10], [300, 0]);
    expect(y(0)).toBe(300);
    expect(y(5)).toBe(150);
    expect(y(-10)).toBe(600);
    expect(linearScale([3, 3], [0, 100])(3)).toBe(50);
  });

  it("label at most the wanted number of periods, the last always", () => {
    expect(labelIndexes(10, 12)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const four = labelIndexes(10, 4);
    expect(four.length).toBeLessThanOrEqual(4);
    expect(four.at(-1)).toBe(9);
    expect(labelIndexes(0, 4)).toEqual([]);
    expect(labelIndexes(1, 4)).toEqual([0]);
  });
});

describe("the line chart's layout", () => {
  it("places periods in time order and higher values higher", () => {
    const layout = layoutLineChart(unemployment.series, BOX);
    expect(layout.lines).toHaveLength(3);
    expect(layout.periods.map((p) => p.period)).toEqual(["2015", "2016", "2017", "2018", "2019", "2020", "2021", "2022", "2023", "2024"]);
    const hartford = layout.lines[0].points;
    expect(hartford).toHaveLength(10);
    for (let i = 1; i < hartford.length; i += 1) expect(hartford[i].x).toBeGreaterThan(hartford[i - 1].x);
    // 2020 (8.1%) is the highest point: the smallest y.
    const peak = hartford.reduce((a, b) => (a.y < b.y ? a : b));
    expect(peak.observation.period).toBe("2020");
    // Inside the plotting area.
    for (const p of hartford) {
      expect(p.x).toBeGreaterThan(layout.plot.x0);
      expect(p.x).toBeLessThan(layout.plot.x1);
      expect(p.y).toBeGreaterThanOrEqual(layout.plot.y0);
      expect(p.y).toBeLessThanOrEqual(layout.plot.y1);
    }
    expect(layout.lines[0].path.startsWith("M")).toBe(true);
    expect(layout.lines[0].path.match(/M/g)).toHaveLength(1);
    expect(layout.zeroY).toBeNull();
  });

  it("puts the midpoint of a period on the time axis (quarters too)", () => {
    expect(new Date(timeOf(obs(2015, 1))).toISOString().slice(0, 10)).toBe("2015-07-02");
    const q = migration.series[0].observations[0];
    expect(new Date(timeOf(q)).toISOString().slice(0, 7)).toBe("2023-02");
  });

  it("draws zero when values are negative, below it", () => {
    const layout = layoutLineChart(migration.series, BOX);
    expect(layout.zeroY).not.toBeNull();
    const q2 = layout.lines[0].points.find((p) => p.observation.period === "2024-Q2")!;
    expect(q2.y).toBeGreaterThan(layout.zeroY!);
    expect(q2.y).toBe(layout.plot.y1); // -200 is the axis's minimum
  });

  it("breaks the line at a missing value", () => {
    const layout = layoutLineChart([place("a", [obs(2015, 1), obs(2016, null), obs(2017, 3), obs(2018, 4)])], BOX);
    expect(layout.lines[0].points).toHaveLength(3);
    expect(layout.lines[0].path.match(/M/g)).toHaveLength(2);
  });

  it("centres a single point, and survives no values at all", () => {
    const one = layoutLineChart([place("a", [obs(2023, 86500)])], BOX);
    expect(one.lines[0].points[0].x).toBe((BOX.left + BOX.width - BOX.right) / 2);
    expect(one.xTicks).toEqual([{ x: one.lines[0].points[0].x, label: "2023" }]);
    const none = layoutLineChart([place("a", [])], BOX);
    expect(none.lines[0].path).toBe("");
    expect(none.xTicks).toEqual([]);
    expect(layoutLineChart([], BOX).lines).toEqual([]);
  });

  it("draws sparklines in their box, broken at gaps; one value as a short stroke", () => {
    const { path, last } = sparklinePath([1, 2, null, 4], 120, 36, 4);
    expect(path.match(/M/g)).toHaveLength(2);
    expect(last).toEqual({ x: 116, y: 4 });
    expect(sparklinePath([5], 120, 36).path).toMatch(/^M54 18L66 18$/);
    expect(sparklinePath([], 120, 36)).toEqual({ path: "", last: null });
    expect(sparklinePath([null, null], 120, 36).path).toBe("");
  });
});

describe("numbers in the reader's language", () => {
  it("writes periods as readers do", () => {
    expect(periodLabel("en", "2023")).toBe("2023");
    expect(periodLabel("en", "2023-Q2")).toBe("Q2 2023");
    expect(periodLabel("es", "2023-Q2")).toBe("T2 2023");
    expect(periodLabel("en", "2023-04")).toBe("Apr 2023");
    expect(periodLabel("es", "2023-04")).toBe("abr 2023");
    expect(periodLabel("en", "2023-13")).toBe("2023-13");
    expect(periodLabel("en", "Third edition")).toBe("Third edition");
  });

  const percent = { unit: "percent", unit_label: "%", decimals: 1 };
  it("writes percentages, dollars and other units", () => {
    expect(formatMeasure("en", 3.9, percent)).toBe("3.9%");
    expect(formatMeasure("en", 4, percent)).toBe("4.0%");
    expect(formatMeasure("en", 86500, { unit: "usd", unit_label: "US$", decimals: 0 })).toBe("$86,500");
    expect(formatMeasure("en", -1200, { unit: "people", unit_label: "people" })).toBe("-1,200 people");
    expect(formatMeasure("es", -1200, { unit: "people", unit_label: "personas" })).toBe("-1,200 personas");
    expect(formatMeasure("en", 1234.5, { unit: "people", unit_label: "people" }, { withUnit: false })).toBe("1,234.5");
    expect(formatMeasure("en", 102.5, { unit: "index", unit_label: "index" })).toBe("102.5");
    expect(formatMeasure("es", 4.2, { unit: "rate_per_1000", unit_label: "por cada 1.000 habitantes" })).toBe("4.2 por cada 1.000 habitantes");
  });

  it("writes axis ticks to the step's precision, large ones compact", () => {
    expect(formatTick("en", 5, percent, 1)).toBe("5%");
    expect(formatTick("en", 0.15, { unit: "x", unit_label: "" }, 0.05)).toBe("0.15");
    expect(formatTick("en", 100000, { unit: "usd", unit_label: "US$" }, 5000)).toBe("$100K");
    expect(formatTick("es", 100000, { unit: "people", unit_label: "" }, 5000)).toMatch(/^100\sK$/);
  });

  it("says which way a series went", () => {
    expect(direction(5.9, 4.0)).toBe("down");
    expect(direction(-120, 80)).toBe("up");
    expect(direction(100, 100.2)).toBe("flat");
  });
});

describe("the chart as SVG", () => {
  it("is an image named by its title and described by its first and last values", () => {
    const html = renderToStaticMarkup(
      <LineChart id="c" name={unemployment.name} series={unemployment.series} measure={unemployment} locale="en" />,
    );
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="c-wide-title"[^>]*aria-describedby="c-wide-desc"/);
    expect(html).toContain('<title id="c-wide-title">Unemployment rate</title>');
    expect(html).toContain("Line chart of Unemployment rate, 2015 to 2024.");
    expect(html).toContain("Hartford metro area: 5.9% in 2015, 4.0% in 2024 (falling).");
    // Lines told apart by dashes and markers, not colour alone; provisional points hollow.
    expect(html).toContain('stroke-dasharray="9 5"');
    expect(html).toContain('stroke-dasharray="2 4"');
    expect(html).toMatch(/<rect[^>]*fill="#b4470f"/);
    expect(html).toMatch(/<circle[^>]*fill="#fff"[^>]*stroke="#0b6b68"/);
    expect(html).toContain("Hollow markers are provisional values.");
    // Both drawings (wide and narrow) carry their own ids.
    expect(html).toContain('id="c-narrow-title"');
  });

  it("speaks Spanish in Spanish", () => {
    const es = details.es.details["unemployment-rate"];
    const { desc } = describeChart("es", es.name, es.series, es);
    expect(desc).toContain("Gráfico de líneas de Tasa de desempleo, de 2015 a 2024.");
    expect(desc).toContain("Área metropolitana de Hartford: 5.9% en 2015, 4.0% en 2024 (en descenso).");
  });

  it("says there are no values rather than drawing an empty frame", () => {
    const html = renderToStaticMarkup(<LineChart id="c" name="X" series={[]} measure={unemployment} locale="en" />);
    expect(html).not.toContain("<svg");
    expect(html).toContain("No values have been published");
    expect(describeChart("en", "X", [place("a", [])], unemployment).desc).toBe("No values have been published for this indicator yet.");
  });

  it("describes a single point without a trend", () => {
    const income = details.en.details["median-income"];
    const { desc } = describeChart("en", income.name, income.series, income);
    expect(desc).toBe("Chart of Median household income, 2023. Hartford metro area: $86,500 in 2023.");
  });

  it("gives a sparkline its words", () => {
    const html = renderToStaticMarkup(<Sparkline values={[1, 2, 3]} label="Trend: 1 in 2015, 3 in 2017 (rising)." />);
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-label="Trend: 1 in 2015, 3 in 2017 \(rising\)."/);
  });
});
