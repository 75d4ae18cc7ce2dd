import type { Schemas } from "@/lib/api";
import { formatFigure, formatNumber } from "@/lib/format";
import { t, type Locale } from "@/lib/i18n";

type Bar = { label: string; value: number; display: string };

/** A horizontal bar chart drawn on the server as SVG; the numbers are in the table beside it. */
export function BarChart({ bars, title, id }: { bars: Bar[]; title: string; id: string }) {
  const max = Math.max(...bars.map((b) => Math.abs(b.value)), 1);
  const rowHeight = 36;
  const labelWidth = 0;
  const width = 600;
  const height = bars.length * rowHeight + 8;
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-labelledby={`${id}-title`}
      preserveAspectRatio="xMinYMin meet"
    >
      <title id={`${id}-title`}>{title}</title>
      {bars.map((bar, i) => {
        const barWidth = Math.max(2, (Math.abs(bar.value) / max) * (width - labelWidth - 160));
        const y = i * rowHeight + 4;
        return (
          <g key={`${bar.label}-${i}`}>
            <rect x={labelWidth} y={y} width={barWidth} height={rowHeight - 12} className={i === 0 ? "bar" : "bar bar-alt"} rx={3} />
            <text x={labelWidth + barWidth + 8} y={y + (rowHeight - 12) / 2 + 5} className="bar-label">
              {bar.display}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function IndicatorFigure({ value: block, locale, id }: { value: Schemas["IndicatorBlock"]; locale: Locale; id: string }) {
  const s = t(locale);
  // A chosen indicator without a value for the edition's period has nothing to draw.
  if (block.value === null) return null;
  const value = { ...block, value: block.value };
  const bars: Bar[] = [{ label: value.period || value.label, value: value.value, display: formatFigure(locale, value.value, value.unit) }];
  if (value.comparison_value !== null && value.comparison_value !== undefined) {
    bars.push({
      label: value.comparison_label || s.comparison,
      value: value.comparison_value,
      display: formatFigure(locale, value.comparison_value, value.unit),
    });
  }
  return (
    <figure className="indicator" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>
        <span className="indicator-label">{value.label}</span>
        <span className="indicator-value">{formatFigure(locale, value.value, value.unit)}</span>
        {value.period && <span className="indicator-period">{value.period}</span>}
      </figcaption>
      <div className="chart-and-data">
        <BarChart bars={bars} title={`${value.label}: ${bars.map((b) => `${b.label} ${b.display}`).join("; ")}`} id={id} />
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
export function DataTable({ value, locale, id }: { value: Schemas["DataTableBlock"]; locale: Locale; id: string }) {
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
            display: `${label >= 0 ? `${row[label]}: ` : ""}${formatCell(locale, columns[numeric].type, row[numeric])}`,
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
    </figure>
  );
}
