import type { Schemas } from "@/lib/api";
import { formatMeasure, periodLabel } from "@/lib/chart";
import { formatFigure, formatNumber } from "@/lib/format";
import { downloadUrl } from "@/lib/indicators";
import { t, type Locale } from "@/lib/i18n";

type Bar = { label: string; value: number; display: string };

/**
 * A horizontal bar chart drawn on the server as SVG; the numbers are in the table beside it.
 * Each bar has its label above it and its value after it. No viewBox: lengths are CSS
 * pixels and bars are percentages of the width, so the text keeps its size on a phone
 * instead of shrinking with the drawing.
 */
export function BarChart({ bars, title, id }: { bars: Bar[]; title: string; id: string }) {
  const max = Math.max(...bars.map((b) => Math.abs(b.value)), 1);
  const rowHeight = 52;
  /** The longest bar's share of the width: the rest is room for its value. */
  const longest = 72;
  const height = bars.length * rowHeight + 4;
  return (
    <svg className="chart" width="100%" height={height} role="img" aria-labelledby={`${id}-title`}>
      <title id={`${id}-title`}>{title}</title>
      {bars.map((bar, i) => {
        const share = Math.max(0.5, (Math.abs(bar.value) / max) * longest);
        const y = i * rowHeight + 4;
        return (
          <g key={`${bar.label}-${i}`}>
            {bar.label && (
              <text x={0} y={y + 14} className="bar-name">
                {bar.label}
              </text>
            )}
            <rect x={0} y={y + 22} width={`${share}%`} height={22} className={i === 0 ? "bar" : "bar bar-alt"} rx={3} />
            <text x={`${share}%`} dx={8} y={y + 38} className="bar-label">
              {bar.display}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** An observation of a linked indicator, with its place (the report block's point and comparison). */
type BlockPoint = Schemas["Point"];

function pointLabel(locale: Locale, point: BlockPoint): string {
  return `${point.geography.name}, ${periodLabel(locale, point.period)}`;
}

/**
 * A report's indicator: its figure (and the comparison's) as bars with the numbers in a
 * table; when it is one of the site's indicators, its point and comparison come from the
 * series, with a link to the indicator's page and its data.
 */
export function IndicatorFigure({ value, locale, id }: { value: Schemas["IndicatorBlock"]; locale: Locale; id: string }) {
  const s = t(locale);
  const linked = value.indicator ?? null;
  const point = linked && value.point && value.point.value !== null ? value.point : null;
  const comparison = linked && value.comparison && value.comparison.value !== null ? value.comparison : null;
  const measure = linked ? { unit: linked.unit, unit_label: linked.unit_label } : null;
  const show = (n: number) => (measure ? formatMeasure(locale, n, measure) : formatFigure(locale, n, value.unit));
  // The block's own figure: null when a chosen indicator has no value for the period.
  const own = value.value;
  if (!point && own === null) return null;
  const bars: Bar[] = [];
  if (point) bars.push({ label: pointLabel(locale, point), value: point.value as number, display: show(point.value as number) });
  else bars.push({ label: value.period || value.label, value: own as number, display: show(own as number) });
  if (comparison) {
    bars.push({ label: pointLabel(locale, comparison), value: comparison.value as number, display: show(comparison.value as number) });
  } else if (!point && value.comparison_value !== null && value.comparison_value !== undefined) {
    bars.push({
      label: value.comparison_label || s.comparison,
      value: value.comparison_value,
      display: show(value.comparison_value),
    });
  }
  const label = value.label || linked?.name || "";
  const period = point ? pointLabel(locale, point) : value.period;
  return (
    <figure className="indicator" aria-labelledby={`${id}-caption`} data-testid="indicator-block">
      <figcaption id={`${id}-caption`}>
        <span className="indicator-label">{label}</span>
        <span className="indicator-value">{bars[0].display}</span>
        {period && <span className="indicator-period">{period}</span>}
        {linked?.is_sample && <span className="sample-badge">{s.sampleData}</span>}
      </figcaption>
      <div className="chart-and-data">
        <BarChart bars={bars} title={`${label}: ${bars.map((b) => `${b.label} ${b.display}`).join("; ")}`} id={id} />
        <details className="chart-data">
          <summary>{s.showData}</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">{s.indicator}</th>
                <th scope="col">{s.value}</th>
              </tr>
            </thead>
            <tbody>
              {bars.map((bar, i) => (
                <tr key={i}>
                  <th scope="row">{bar.label}</th>
                  <td className="num">{bar.display}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </div>
      {value.source && (
        <p className="source">
          {s.source}: {value.source_url ? <a href={value.source_url}>{value.source}</a> : value.source}
        </p>
      )}
      {linked && (
        <p className="indicator-links">
          <a href={linked.url} data-testid="indicator-link">
            {s.seeIndicator}
            <span className="visually-hidden">: {linked.name}</span>
          </a>
          {value.downloads && (
            <>
              {" · "}
              <a href={downloadUrl(value.downloads.csv)} type="text/csv" data-testid="indicator-download">
                {s.downloadData} <span className="meta">({s.downloadCsv})</span>
                <span className="visually-hidden">: {linked.name}</span>
              </a>
            </>
          )}
        </p>
      )}
    </figure>
  );
}

type Cell = string | number | null;

function formatCell(locale: Locale, type: string, cell: Cell): string {
  if (cell === null || cell === undefined || cell === "") return "";
  if (typeof cell !== "number") return String(cell);
  if (type === "percentage") return formatNumber(locale, cell / 100, { style: "percent", maximumFractionDigits: 1 });
  if (type === "year") return String(cell);
  return formatNumber(locale, cell);
}

/** A typed data table; its first number column is also drawn as a bar chart. */
export function DataTable({
  value,
  locale,
  id,
}: {
  value: Schemas["DataTableBlock"];
  locale: Locale;
  id: string;
}) {
  const s = t(locale);
  const { columns, rows, caption } = value.table;
  const numeric = columns.findIndex((c) => c.type === "number" || c.type === "percentage");
  const label = columns.findIndex((c) => c.type === "text");
  const bars: Bar[] =
    numeric >= 0
      ? rows
          .filter((row) => typeof row[numeric] === "number")
          .map((row) => ({
            label: label >= 0 ? String(row[label] ?? "") : "",
            value: row[numeric] as number,
            display: formatCell(locale, columns[numeric].type, row[numeric]),
          }))
      : [];
  const title = value.title || caption;
  return (
    <figure className="data-table" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>{title}</figcaption>
      {bars.length > 1 && <BarChart bars={bars} title={`${title} (${columns[numeric].heading})`} id={id} />}
      <div className="table-scroll">
        <table>
          {caption && caption !== title && <caption>{caption}</caption>}
          <thead>
            <tr>
              {columns.map((c, i) => (
                <th key={i} scope="col" className={c.type === "text" ? undefined : "num"}>
                  {c.heading}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, r) => (
              <tr key={r}>
                {row.map((cell, c) =>
                  c === 0 && columns[0]?.type === "text" ? (
                    <th key={c} scope="row">
                      {formatCell(locale, columns[c]?.type ?? "text", cell)}
                    </th>
                  ) : (
                    <td key={c} className={columns[c]?.type === "text" ? undefined : "num"}>
                      {formatCell(locale, columns[c]?.type ?? "text", cell)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {value.source && (
        <p className="source">
          {s.source}: {value.source_url ? <a href={value.source_url}>{value.source}</a> : value.source}
        </p>
      )}
      {value.downloads && (
        <p className="table-download">
          <a href={downloadUrl(value.downloads.csv)} type="text/csv" data-testid="table-download">
            {s.downloadTable}
            <span className="visually-hidden">: {title}</span>
          </a>
        </p>
      )}
    </figure>
  );
}
