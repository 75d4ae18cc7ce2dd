/**
 * The geometry of the line charts and sparklines drawn on the server (components/LineChart.tsx):
 * scales, "nice" axis ticks, the lines' paths and the sentence that describes a series.
 * Pure functions, so the numbers can be tested without rendering anything.
 */
import { formatNumber } from "./format";
import { intlLocale, type Locale } from "./i18n";
import type { Measure, Observation, Series } from "./indicators";

/** Units whose name adds nothing after a number ("12 number"): the number alone. */
const BARE_UNITS = new Set(["number", "index", "ratio"]);

/** Whether a unit is written as a symbol on every number (%, $), so an axis needs no unit label. */
export function unitInNumbers(measure: Measure): boolean {
  const unit = measure.unit.trim().toLowerCase();
  const label = measure.unit_label.trim();
  return ["%", "percent", "percentage", "usd", "dollars", "currency"].includes(unit) || ["%", "$", "US$"].includes(label);
}

/** A value as readers see it: a percentage, dollars, or the number and its unit's label. */
export function formatMeasure(locale: Locale, value: number, measure: Measure, { withUnit = true } = {}): string {
  const decimals = measure.decimals ?? undefined;
  const digits = decimals === undefined ? {} : { minimumFractionDigits: decimals, maximumFractionDigits: decimals };
  const unit = measure.unit.trim().toLowerCase();
  const label = measure.unit_label.trim();
  if (unit === "%" || unit === "percent" || unit === "percentage" || label === "%") {
    return formatNumber(locale, value / 100, { style: "percent", maximumFractionDigits: 1, ...digits });
  }
  if (unit === "usd" || unit === "dollars" || unit === "currency" || label === "$" || label === "US$") {
    return formatNumber(locale, value, { style: "currency", currency: "USD", maximumFractionDigits: 0, ...digits });
  }
  const number = formatNumber(locale, value, digits);
  return withUnit && label && !BARE_UNITS.has(unit) ? `${number} ${label}` : number;
}

/** An axis label: short (compact notation past ten thousand), the unit's symbol kept. */
export function formatTick(locale: Locale, value: number, measure: Measure, step: number): string {
  const decimals = step >= 1 || step === 0 ? 0 : Math.min(4, Math.ceil(-Math.log10(step) - 1e-9));
  const compact = Math.abs(value) >= 10_000;
  const options: Intl.NumberFormatOptions = compact
    ? { notation: "compact", minimumFractionDigits: 0, maximumFractionDigits: 1 }
    : { minimumFractionDigits: decimals, maximumFractionDigits: decimals };
  const unit = measure.unit.trim().toLowerCase();
  const label = measure.unit_label.trim();
  if (unit === "%" || unit === "percent" || unit === "percentage" || label === "%") {
    return formatNumber(locale, value / 100, { style: "percent", minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  }
  if (unit === "usd" || unit === "dollars" || unit === "currency" || label === "$" || label === "US$") {
    return formatNumber(locale, value, { style: "currency", currency: "USD", ...options });
  }
  return formatNumber(locale, value, options);
}

const QUARTER = /^(\d{4})-?Q([1-4])$/i;
const MONTH = /^(\d{4})-(\d{2})$/;

/**
 * A period as readers write it: a year as it is, "2023-Q2" as "Q2 2023" ("T2 2023" in
 * Spanish, for trimestre), "2023-04" as "Apr 2023" ("abr 2023"). Anything else unchanged.
 */
export function periodLabel(locale: Locale, period: string): string {
  const quarter = QUARTER.exec(period);
  if (quarter) return `${locale === "es" ? "T" : "Q"}${quarter[2]} ${quarter[1]}`;
  const month = MONTH.exec(period);
  if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12) {
    const date = new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 15));
    return new Intl.DateTimeFormat(intlLocale[locale], { month: "short", year: "numeric", timeZone: "UTC" }).format(date);
  }
  return period;
}

/** A step of 1, 2 or 5 times a power of ten, near `span / count`. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** Round the number to the step's own precision (0.1 + 0.2 is 0.3 on an axis). */
function clean(value: number, step: number): number {
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  const rounded = Number(value.toFixed(Math.min(12, digits)));
  return Object.is(rounded, -0) ? 0 : rounded;
}

export type Ticks = { min: number; max: number; step: number; ticks: number[] };

/**
 * Axis ticks covering [min, max] with about `count` intervals: the domain is widened to
 * whole steps. One value (min = max) gets a domain around it, zero a domain of [0, 1].
 */
export function niceTicks(min: number, max: number, count = 5): Ticks {
  let lo = Math.min(min, max);
  let hi = Math.max(min, max);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    lo = 0;
    hi = 1;
  }
  if (lo === hi) {
    if (lo === 0) hi = 1;
    else {
      const pad = Math.abs(lo) * 0.1;
      // A positive value's axis does not cross zero for the padding's sake (nor a negative one's).
      lo = lo > 0 ? Math.max(0, lo - pad) : lo - pad;
      hi = hi < 0 ? Math.min(0, hi + pad) : hi + pad;
    }
  }
  const step = niceStep(hi - lo, count);
  const start = Math.floor(lo / step + 1e-9) * step;
  const end = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; start + i * step <= end + step / 2 && i < 100; i += 1) ticks.push(clean(start + i * step, step));
  return { min: ticks[0], max: ticks[ticks.length - 1], step, ticks };
}

/** A linear map from a domain to a range; a domain of one point maps to the range's middle. */
export function linearScale(domain: [number, number], range: [number, number]): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d0 === d1) return () => (r0 + r1) / 2;
  return (value) => r0 + ((value - d0) / (d1 - d0)) * (r1 - r0);
}

const DAY = 86_400_000;

function dateMs(iso: string): number {
  const ms = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(ms) ? NaN : ms;
}

/** Where an observation sits in time: the middle of its period (its start when the end is unknown). */
export function timeOf(observation: Pick<Observation, "start_date" | "end_date">): number {
  const start = dateMs(observation.start_date);
  const end = dateMs(observation.end_date);
  if (Number.isNaN(start)) return end;
  if (Number.isNaN(end) || end < start) return start;
  return start + (end + DAY - start) / 2;
}

export type ChartBox = { width: number; height: number; top: number; right: number; bottom: number; left: number };

export type PlotPoint = { x: number; y: number; observation: Observation };
export type PlotLine = { series: Series; index: number; path: string; points: PlotPoint[] };
export type LineChartLayout = {
  /** Left and right of the plotting area; top and bottom likewise. */
  plot: { x0: number; x1: number; y0: number; y1: number };
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; value: number }[];
  yStep: number;
  /** The y of zero when zero is inside the axis (a negative value is shown below it). */
  zeroY: number | null;
  lines: PlotLine[];
  /** Every distinct period, in time order: the table's rows. */
  periods: { period: string; time: number }[];
};

/** Which of `n` labels to show so that at most `max` are drawn: every k-th, the last always. */
export function labelIndexes(n: number, max: number): number[] {
  if (n <= 0) return [];
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const every = Math.ceil((n - 1) / Math.max(1, max - 1));
  const shown: number[] = [];
  for (let i = n - 1; i >= 0; i -= every) shown.unshift(i);
  return shown;
}

/** The whole chart: axes, a path per series (broken at a missing value), the periods. */
export function layoutLineChart(series: Series[], box: ChartBox, maxXLabels = 8): LineChartLayout {
  const plot = { x0: box.left, x1: box.width - box.right, y0: box.top, y1: box.height - box.bottom };
  const byPeriod = new Map<string, number>();
  const values: number[] = [];
  for (const s of series) {
    for (const o of s.observations) {
      const time = timeOf(o);
      if (!Number.isNaN(time) && !byPeriod.has(o.period)) byPeriod.set(o.period, time);
      if (typeof o.value === "number" && Number.isFinite(o.value)) values.push(o.value);
    }
  }
  const periods = [...byPeriod.entries()].map(([period, time]) => ({ period, time })).sort((a, b) => a.time - b.time);
  const times = periods.map((p) => p.time);
  // A little room on both sides so that the first and last markers are not on the axis.
  const span = times.length > 1 ? times[times.length - 1] - times[0] : 0;
  const pad = span * 0.03;
  const x = linearScale(
    times.length ? [times[0] - pad, times[times.length - 1] + pad] : [0, 0],
    [plot.x0, plot.x1],
  );
  const ticks = values.length ? niceTicks(Math.min(...values), Math.max(...values)) : niceTicks(0, 1);
  const y = linearScale([ticks.min, ticks.max], [plot.y1, plot.y0]);
  const lines = series.map((s, index) => {
    const points: PlotPoint[] = [];
    let path = "";
    let pen = false;
    const ordered = [...s.observations].sort((a, b) => timeOf(a) - timeOf(b));
    for (const o of ordered) {
      const time = timeOf(o);
      if (typeof o.value !== "number" || !Number.isFinite(o.value) || Number.isNaN(time)) {
        pen = false;
        continue;
      }
      const point = { x: round(x(time)), y: round(y(o.value)), observation: o };
      points.push(point);
      path += `${pen ? "L" : "M"}${point.x} ${point.y}`;
      pen = true;
    }
    return { series: s, index, path, points };
  });
  return {
    plot,
    xTicks: labelIndexes(periods.length, maxXLabels).map((i) => ({ x: round(x(periods[i].time)), label: periods[i].period })),
    yTicks: ticks.ticks.map((value) => ({ y: round(y(value)), value })),
    yStep: ticks.step,
    zeroY: ticks.min < 0 && ticks.max > 0 ? round(y(0)) : null,
    lines,
    periods,
  };
}

/** A sparkline's path in a small box: the values in order, evenly spaced, gaps broken. */
export function sparklinePath(values: (number | null)[], width: number, height: number, inset = 2): { path: string; last: { x: number; y: number } | null } {
  const known = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  if (!known.length) return { path: "", last: null };
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  const x = linearScale([0, Math.max(1, values.length - 1)], [inset, width - inset]);
  const y = linearScale(lo === hi ? [lo - 1, hi + 1] : [lo, hi], [height - inset, inset]);
  let path = "";
  let pen = false;
  let last: { x: number; y: number } | null = null;
  values.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v)) {
      pen = false;
      return;
    }
    // One value alone is drawn as a short flat stroke in the middle, not an invisible point.
    const px = values.length === 1 ? width / 2 : round(x(i));
    const py = round(y(v));
    path += values.length === 1 ? `M${px - 6} ${py}L${px + 6} ${py}` : `${pen ? "L" : "M"}${px} ${py}`;
    pen = true;
    last = { x: px, y: py };
  });
  return { path, last };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

export type Direction = "up" | "down" | "flat";

/** The change from the first known value to the last; "flat" within half a percent of the range. */
export function direction(first: number, last: number): Direction {
  const tolerance = Math.max(Math.abs(first), Math.abs(last)) * 0.005;
  if (Math.abs(last - first) <= tolerance) return "flat";
  return last > first ? "up" : "down";
}

/** First and last observation with a value, in time order. */
export function endpoints(observations: Observation[]): { first: Observation; last: Observation } | null {
  const known = observations.filter((o) => typeof o.value === "number" && Number.isFinite(o.value)).sort((a, b) => timeOf(a) - timeOf(b));
  if (!known.length) return null;
  return { first: known[0], last: known[known.length - 1] };
}
