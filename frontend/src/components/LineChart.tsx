/**
 * An indicator's series as a line chart, drawn on the server as SVG (no script): one line
 * per place, told apart by colour *and* dash pattern *and* marker shape, provisional
 * values as hollow markers, a legend, and a <title>/<desc> that say what the chart shows.
 * The numbers themselves are in the table beside it (IndicatorTable), which is what a
 * screen reader or a printout relies on.
 *
 * Two drawings of the same chart: a wide one, and a narrow one for phones whose text stays
 * legible at 360 px; CSS shows one (the other is display:none, so out of the
 * accessibility tree too), and print shows the wide one.
 */
import { direction, endpoints, formatMeasure, formatTick, layoutLineChart, periodLabel, sparklinePath, unitInNumbers, type ChartBox } from "@/lib/chart";
import { t, type Locale } from "@/lib/i18n";
import type { Measure, Series } from "@/lib/indicators";

export const SERIES_STYLES = [
  { color: "#0b6b68", dash: "", marker: "circle" },
  { color: "#b4470f", dash: "9 5", marker: "square" },
  { color: "#14406b", dash: "2 4", marker: "triangle" },
  { color: "#6d3fa0", dash: "12 4 3 4", marker: "diamond" },
  { color: "#56606b", dash: "5 3", marker: "triangle-down" },
  { color: "#7a5a00", dash: "1 3", marker: "cross" },
] as const;

export type Marker = (typeof SERIES_STYLES)[number]["marker"];

export function styleOf(index: number) {
  return SERIES_STYLES[index % SERIES_STYLES.length];
}

/** A coordinate to a tenth of a unit: shorter markup, no floating-point tails. */
const c = (n: number) => Math.round(n * 10) / 10;

export function MarkerShape({ shape, x, y, r, color, hollow }: { shape: Marker; x: number; y: number; r: number; color: string; hollow: boolean }) {
  const fill = hollow ? "#fff" : color;
  const common = { fill, stroke: color, strokeWidth: hollow ? 2 : 1.5 };
  switch (shape) {
    case "circle":
      return <circle cx={x} cy={y} r={r} {...common} />;
    case "square":
      return <rect x={c(x - r * 0.9)} y={c(y - r * 0.9)} width={c(r * 1.8)} height={c(r * 1.8)} {...common} />;
    case "triangle":
      return <polygon points={`${x},${c(y - r * 1.15)} ${c(x + r * 1.1)},${c(y + r * 0.85)} ${c(x - r * 1.1)},${c(y + r * 0.85)}`} {...common} />;
    case "triangle-down":
      return <polygon points={`${x},${c(y + r * 1.15)} ${c(x + r * 1.1)},${c(y - r * 0.85)} ${c(x - r * 1.1)},${c(y - r * 0.85)}`} {...common} />;
    case "diamond":
      return <polygon points={`${x},${c(y - r * 1.25)} ${c(x + r * 1.25)},${y} ${x},${c(y + r * 1.25)} ${c(x - r * 1.25)},${y}`} {...common} />;
    case "cross":
      return (
        <path
          d={`M${c(x - r)} ${c(y - r)}L${c(x + r)} ${c(y + r)}M${c(x - r)} ${c(y + r)}L${c(x + r)} ${c(y - r)}`}
          stroke={color}
          strokeWidth={hollow ? 1.5 : 2.5}
          fill="none"
        />
      );
  }
}

/** The sentence a screen reader hears for the chart: its span, then each place's first and last values. */
export function describeChart(locale: Locale, name: string, series: Series[], measure: Measure): { title: string; desc: string } {
  const s = t(locale);
  const ends = series.map((x) => ({ series: x, ends: endpoints(x.observations) }));
  const known = ends.filter((e) => e.ends !== null);
  if (!known.length) return { title: name, desc: s.noValues };
  const firsts = known.map((e) => e.ends!.first);
  const lasts = known.map((e) => e.ends!.last);
  const earliest = firsts.reduce((a, b) => (a.start_date <= b.start_date ? a : b));
  const latest = lasts.reduce((a, b) => (a.end_date >= b.end_date ? a : b));
  const sentences = known.map(({ series: x, ends: e }) =>
    s.seriesSummary(
      x.geography.name,
      formatMeasure(locale, e!.first.value as number, measure),
      periodLabel(locale, e!.first.period),
      formatMeasure(locale, e!.last.value as number, measure),
      periodLabel(locale, e!.last.period),
      direction(e!.first.value as number, e!.last.value as number),
    ),
  );
  const span = s.chartIntro(name, periodLabel(locale, earliest.period), periodLabel(locale, latest.period));
  return { title: name, desc: [span, ...sentences].join(" ") };
}

const WIDE: ChartBox = { width: 720, height: 360, top: 30, right: 40, bottom: 40, left: 72 };
const NARROW: ChartBox = { width: 360, height: 300, top: 28, right: 22, bottom: 36, left: 58 };

function Drawing({
  id,
  series,
  measure,
  locale,
  box,
  maxLabels,
  fontSize,
  className,
  title,
  desc,
}: {
  id: string;
  series: Series[];
  measure: Measure;
  locale: Locale;
  box: ChartBox;
  maxLabels: number;
  fontSize: number;
  className: string;
  title: string;
  desc: string;
}) {
  // As many period labels as fit side by side (a character is about 0.6 em wide).
  const longest = Math.max(1, ...series.flatMap((x) => x.observations.map((o) => periodLabel(locale, o.period).length)));
  const fit = Math.max(2, Math.floor((box.width - box.left - box.right) / (longest * fontSize * 0.6 + 14)));
  const layout = layoutLineChart(series, box, Math.min(maxLabels, fit));
  const { plot } = layout;
  return (
    <svg
      className={`line-chart ${className}`}
      viewBox={`0 0 ${box.width} ${box.height}`}
      width={box.width}
      height={box.height}
      role="img"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-desc`}
      fontSize={fontSize}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{desc}</desc>
      {measure.unit_label && !unitInNumbers(measure) && (
        <text x={4} y={fontSize} className="axis-unit">
          {measure.unit_label}
        </text>
      )}
      <g className="grid">
        {layout.yTicks.map((tick) => (
          <g key={tick.value}>
            <line x1={plot.x0} x2={plot.x1} y1={tick.y} y2={tick.y} className={tick.value === 0 ? "zero" : undefined} />
            <text x={plot.x0 - 8} y={tick.y} dy="0.32em" textAnchor="end">
              {formatTick(locale, tick.value, measure, layout.yStep)}
            </text>
          </g>
        ))}
      </g>
      <g className="x-axis">
        <line x1={plot.x0} x2={plot.x1} y1={plot.y1} y2={plot.y1} />
        {layout.xTicks.map((tick) => (
          <g key={tick.label}>
            <line x1={tick.x} x2={tick.x} y1={plot.y1} y2={plot.y1 + 5} />
            <text x={tick.x} y={plot.y1 + 8 + fontSize} textAnchor="middle">
              {periodLabel(locale, tick.label)}
            </text>
          </g>
        ))}
      </g>
      {layout.zeroY !== null && <line x1={plot.x0} x2={plot.x1} y1={layout.zeroY} y2={layout.zeroY} className="zero-line" />}
      {/* The headline place last, so that its line is drawn over the comparisons'. */}
      {[...layout.lines].reverse().map((line) => {
        const style = styleOf(line.index);
        return (
          <g key={line.series.geography.slug} className="series">
            {line.path && (
              <path
                d={line.path}
                fill="none"
                stroke={style.color}
                strokeWidth={line.index === 0 ? 3 : 2.25}
                strokeDasharray={style.dash || undefined}
                strokeLinejoin="round"
                strokeLinecap="round"
              />
            )}
            {line.points.map((p) => (
              <MarkerShape
                key={p.observation.period}
                shape={style.marker}
                x={p.x}
                y={p.y}
                r={line.index === 0 ? 4.5 : 4}
                color={style.color}
                hollow={p.observation.status === "provisional"}
              />
            ))}
          </g>
        );
      })}
    </svg>
  );
}

/** The legend's sample of a line: its dash pattern and marker, as in the chart. */
export function LegendSample({ index, hollow = false }: { index: number; hollow?: boolean }) {
  const style = styleOf(index);
  return (
    <svg className="legend-sample" viewBox="0 0 36 14" width="36" height="14" aria-hidden="true" focusable="false">
      <line x1="1" x2="35" y1="7" y2="7" stroke={style.color} strokeWidth={index === 0 ? 3 : 2.25} strokeDasharray={style.dash || undefined} />
      <MarkerShape shape={style.marker} x={18} y={7} r={4} color={style.color} hollow={hollow} />
    </svg>
  );
}

export function LineChart({ id, name, series, measure, locale }: { id: string; name: string; series: Series[]; measure: Measure; locale: Locale }) {
  const s = t(locale);
  const { title, desc } = describeChart(locale, name, series, measure);
  const provisional = series.some((x) => x.observations.some((o) => o.status === "provisional" && o.value !== null));
  const hasValues = series.some((x) => x.observations.some((o) => typeof o.value === "number"));
  if (!hasValues) return <p className="chart-empty">{s.noValues}</p>;
  return (
    <div className="line-chart-box">
      <ul className="chart-legend">
        {series.map((x, i) => (
          <li key={x.geography.slug}>
            <LegendSample index={i} />
            {x.geography.name}
          </li>
        ))}
        {provisional && (
          <li className="legend-note">
            <LegendSample index={0} hollow />
            {s.hollowMarkers}
          </li>
        )}
      </ul>
      <Drawing id={`${id}-wide`} className="chart-wide" box={WIDE} maxLabels={12} fontSize={14} {...{ series, measure, locale, title, desc }} />
      <Drawing id={`${id}-narrow`} className="chart-narrow" box={NARROW} maxLabels={4} fontSize={13} {...{ series, measure, locale, title, desc }} />
    </div>
  );
}

/** A small trend line for the index, with its words as the image's name. */
export function Sparkline({ values, label }: { values: (number | null)[]; label: string }) {
  const width = 120;
  const height = 36;
  const { path, last } = sparklinePath(values, width, height, 4);
  return (
    <svg className="sparkline" viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={label}>
      {path && <path d={path} fill="none" stroke="#0b6b68" strokeWidth="2" strokeLinejoin="round" strokeLinecap="round" />}
      {last && <circle cx={last.x} cy={last.y} r="3" fill="#0b6b68" />}
    </svg>
  );
}
