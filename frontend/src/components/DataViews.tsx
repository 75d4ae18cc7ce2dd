/**
 * The data pages' templates: the index of every indicator (a small trend line each) and
 * one indicator (its chart with the comparison places, the table of values, definition,
 * source, method and the data to download). Server components, readable without script
 * and in print.
 */
import { direction, formatMeasure, periodLabel } from "@/lib/chart";
import { formatDate } from "@/lib/format";
import { dataPath, homePath, t, type Locale } from "@/lib/i18n";
import {
  chosenSeries,
  downloadUrl,
  indicatorPath,
  MAX_PLACES,
  type Downloads,
  type IndicatorCard,
  type IndicatorDetail,
  type Measure,
  type Series,
} from "@/lib/indicators";
import { LineChart, Sparkline } from "./LineChart";
import { RichText } from "./RichText";

export function SampleBadge({ locale, note = false }: { locale: Locale; note?: boolean }) {
  const s = t(locale);
  if (!note) return <span className="sample-badge">{s.sampleData}</span>;
  return (
    <p className="sample-note" data-testid="sample-data">
      <strong className="sample-badge">{s.sampleData}</strong> {s.sampleDataNote}
    </p>
  );
}

function Crumbs({ locale, trail, current }: { locale: Locale; trail: { href: string; label: string }[]; current: string }) {
  const s = t(locale);
  return (
    <nav aria-label={s.breadcrumbs} className="breadcrumbs">
      <ol>
        {trail.map((c) => (
          <li key={c.href}>
            <a href={c.href}>{c.label}</a>
          </li>
        ))}
        <li>
          <span aria-current="page">{current}</span>
        </li>
      </ol>
    </nav>
  );
}

/** Home's name in the breadcrumbs: the site's, as the pages' own breadcrumbs start. */
function homeCrumb(locale: Locale, homeTitle: string | undefined) {
  return { href: homePath[locale], label: homeTitle || (locale === "es" ? "Inicio" : "Home") };
}

/** The values as a table: a row per period, a column per place; provisional values starred. */
export function IndicatorTable({
  name,
  series,
  measure,
  locale,
  id,
}: {
  name: string;
  series: Series[];
  measure: Measure;
  locale: Locale;
  id: string;
}) {
  const s = t(locale);
  const periods = new Map<string, string>();
  for (const x of series) for (const o of x.observations) if (!periods.has(o.period)) periods.set(o.period, o.start_date);
  const rows = [...periods.entries()].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)).map(([p]) => p);
  const cells = series.map((x) => new Map(x.observations.map((o) => [o.period, o])));
  const provisional = series.some((x) => x.observations.some((o) => o.status === "provisional" && o.value !== null));
  // Notes, each once: a note given for every place shown in a period is said once for it.
  const grouped = new Map<string, { period: string; note: string; places: string[] }>();
  for (const x of series) {
    for (const o of x.observations) {
      if (!o.note) continue;
      const key = `${o.period}\u0000${o.note}`;
      if (!grouped.has(key)) grouped.set(key, { period: o.period, note: o.note, places: [] });
      grouped.get(key)!.places.push(x.geography.name);
    }
  }
  const notes = [...grouped.values()];
  if (!rows.length) return null;
  return (
    <div className="table-scroll" id={id}>
      <table className="values">
        <caption>
          {s.valuesOf(name)}
          {measure.unit_label ? ` (${measure.unit_label})` : ""}
        </caption>
        <thead>
          <tr>
            <th scope="col">{s.period}</th>
            {series.map((x) => (
              <th scope="col" className="num" key={x.geography.slug}>
                {x.geography.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((period) => (
            <tr key={period}>
              <th scope="row">{periodLabel(locale, period)}</th>
              {cells.map((byPeriod, i) => {
                const o = byPeriod.get(period);
                if (!o || o.value === null) return <td className="num" key={i} />;
                return (
                  <td className="num" key={i}>
                    {formatMeasure(locale, o.value, measure, { withUnit: false })}
                    {o.margin_of_error !== null && o.margin_of_error !== undefined && (
                      <span className="moe">
                        {" "}
                        <span aria-hidden="true">±</span>
                        <span className="visually-hidden">{s.marginOfError}</span>
                        {formatMeasure(locale, o.margin_of_error, measure, { withUnit: false })}
                      </span>
                    )}
                    {o.status === "provisional" && (
                      <>
                        <span aria-hidden="true">*</span>
                        <span className="visually-hidden"> ({s.provisional})</span>
                      </>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {(provisional || notes.length > 0) && (
        <ul className="table-notes">
          {provisional && (
            <li>
              <span aria-hidden="true">* </span>
              {s.provisionalNote}
            </li>
          )}
          {notes.map((n) => (
            <li key={`${n.period}-${n.note}`}>
              {periodLabel(locale, n.period)}
              {n.places.length < series.length ? ` (${n.places.join(", ")})` : ""}: {n.note}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function DownloadLinks({ downloads, locale, label }: { downloads: Downloads; locale: Locale; label?: string }) {
  const s = t(locale);
  return (
    <p className="downloads">
      <a className="button" href={downloadUrl(downloads.csv)} type="text/csv" data-testid="download-csv">
        {label ?? s.downloadData} <span className="meta">({s.downloadCsv})</span>
      </a>{" "}
      <a href={downloadUrl(downloads.json)} type="application/json" data-testid="download-json">
        {s.downloadJson}
      </a>
    </p>
  );
}

export function IndicatorView({
  indicator,
  locale,
  homeTitle,
  chosen = [],
}: {
  indicator: IndicatorDetail;
  locale: Locale;
  homeTitle?: string;
  /** The places the reader chose to compare (`?geography=`). */
  chosen?: string[];
}) {
  const s = t(locale);
  const measure: Measure = indicator;
  // The headline place first (its line is the boldest), then the comparisons chosen.
  const series = chosenSeries(indicator, chosen);
  const shown = new Set(series.map((x) => x.geography.slug));
  const choosable = indicator.series.filter(
    (x) => x.geography.slug !== indicator.headline_geography && x.observations.some((o) => typeof o.value === "number"),
  );
  const better =
    indicator.higher_is_better === true ? s.higherIsBetter : indicator.higher_is_better === false ? s.lowerIsBetter : "";
  return (
    <article className="indicator-page">
      <header className="page-header">
        <Crumbs locale={locale} trail={[homeCrumb(locale, homeTitle), { href: dataPath[locale], label: s.data }]} current={indicator.name} />
        <h1>
          {indicator.name}
          {indicator.is_sample && (
            <>
              {" "}
              <SampleBadge locale={locale} />
            </>
          )}
        </h1>
        {indicator.definition && (
          <p className="lead" data-testid="definition">
            <span className="visually-hidden">{s.definition}: </span>
            {indicator.definition}
          </p>
        )}
        <p className="meta">
          {indicator.unit_label && (
            <>
              {s.unit}: {indicator.unit_label}.{" "}
            </>
          )}
          {better}
          {indicator.themes.length > 0 && (
            <>
              {" "}
              {s.themes}: {indicator.themes.map((x) => x.name).join(", ")}.
            </>
          )}
        </p>
      </header>
      <figure className="indicator-chart" aria-labelledby="chart-caption">
        <figcaption id="chart-caption">{indicator.name}</figcaption>
        {indicator.is_sample && <SampleBadge locale={locale} note />}
        <LineChart id="chart" name={indicator.name} series={series} measure={measure} locale={locale} />
        {choosable.length > 1 && (
          <details className="choose-places" open={chosen.length > 0 || undefined}>
            <summary>{s.comparePlaces}</summary>
            <form method="get" action={indicator.url || indicatorPath(locale, indicator.slug)}>
              <fieldset>
                <legend>{s.comparePlacesLegend(MAX_PLACES - 1)}</legend>
                {choosable.map((x) => (
                  <div className="field checkbox" key={x.geography.slug}>
                    <input
                      type="checkbox"
                      id={`place-${x.geography.slug}`}
                      name="geography"
                      value={x.geography.slug}
                      defaultChecked={shown.has(x.geography.slug)}
                    />
                    <label htmlFor={`place-${x.geography.slug}`}>{x.geography.name}</label>
                  </div>
                ))}
              </fieldset>
              <button type="submit">{s.showPlaces}</button>
            </form>
          </details>
        )}
        <IndicatorTable id="values" name={indicator.name} series={series} measure={measure} locale={locale} />
        <p className="source">
          {s.source}:{" "}
          {indicator.source.url ? <a href={indicator.source.url}>{indicator.source.name}</a> : indicator.source.name}
        </p>
      </figure>
      <section aria-labelledby="download" className="download-data">
        <h2 id="download">{s.downloadData}</h2>
        <DownloadLinks downloads={indicator.downloads} locale={locale} />
      </section>
      {indicator.methodology && (
        <section aria-labelledby="methodology">
          <h2 id="methodology">{s.methodology}</h2>
          <RichText html={indicator.methodology} locale={locale} />
        </section>
      )}
      {indicator.reports.some((r) => r.url) && (
        <section aria-labelledby="in-reports" className="related">
          <h2 id="in-reports">{s.inReports}</h2>
          <ul>
            {indicator.reports
              .filter((r) => r.url)
              .map((r) => (
                <li key={r.id}>
                  <a href={r.url as string}>
                    {r.title}
                    {r.publication_date && <span className="meta"> · {formatDate(locale, r.publication_date)}</span>}
                  </a>
                </li>
              ))}
          </ul>
        </section>
      )}
      {indicator.initiatives.some((r) => r.url) && (
        <section aria-labelledby="initiatives" className="related">
          <h2 id="initiatives">{s.relatedInitiatives}</h2>
          <ul>
            {indicator.initiatives
              .filter((r) => r.url)
              .map((r) => (
                <li key={r.id}>
                  <a href={r.url as string}>{r.title}</a>
                </li>
              ))}
          </ul>
        </section>
      )}
      <p>
        <a href={dataPath[locale]}>{s.allIndicators}</a>
      </p>
    </article>
  );
}

/** The words of a card's trend line: first and last values, and which way it went. */
export function trendLabel(locale: Locale, card: IndicatorCard): string {
  const s = t(locale);
  const first = card.trend.find((p) => typeof p.value === "number");
  const last = [...card.trend].reverse().find((p) => typeof p.value === "number");
  if (!first || !last) return `${s.trendOf}: ${s.noTrend}`;
  return s.seriesSummary(
    card.latest ? `${s.trendOf}, ${card.latest.geography.name}` : s.trendOf,
    formatMeasure(locale, first.value as number, card),
    periodLabel(locale, first.period),
    formatMeasure(locale, last.value as number, card),
    periodLabel(locale, last.period),
    direction(first.value as number, last.value as number),
  );
}

function IndicatorCardView({ card, locale }: { card: IndicatorCard; locale: Locale }) {
  const s = t(locale);
  return (
    <li className="indicator-card">
      <h3>
        <a href={card.url} className="card-link">
          {card.name}
        </a>
      </h3>
      {card.is_sample && <SampleBadge locale={locale} />}
      {card.latest ? (
        <p className="latest">
          <span className="visually-hidden">{s.latest}: </span>
          <span className="latest-value">{formatMeasure(locale, card.latest.value, card)}</span>{" "}
          <span className="meta">
            {periodLabel(locale, card.latest.period)} · {card.latest.geography.name}
          </span>
        </p>
      ) : (
        <p className="meta">{s.noTrend}</p>
      )}
      {card.trend.some((p) => typeof p.value === "number") && (
        <Sparkline values={card.trend.map((p) => p.value)} label={trendLabel(locale, card)} />
      )}
    </li>
  );
}

/** Every indicator, grouped under its first theme (in the order the themes first appear). */
export function DataIndexView({ items, locale, homeTitle }: { items: IndicatorCard[]; locale: Locale; homeTitle?: string }) {
  const s = t(locale);
  const groups = new Map<string, { name: string; cards: IndicatorCard[] }>();
  for (const card of items) {
    const theme = card.themes[0];
    const key = theme?.slug ?? "";
    if (!groups.has(key)) groups.set(key, { name: theme?.name ?? s.otherIndicators, cards: [] });
    groups.get(key)!.cards.push(card);
  }
  // Indicators without a theme last.
  const ordered = [...groups.entries()].sort((a, b) => Number(a[0] === "") - Number(b[0] === ""));
  const anySample = items.some((c) => c.is_sample);
  return (
    <article className="data-index">
      <header className="page-header">
        <Crumbs locale={locale} trail={[homeCrumb(locale, homeTitle)]} current={s.data} />
        <h1>{s.data}</h1>
        <p className="lead">{s.dataIntro}</p>
        <p className="meta">{s.indicatorCount(items.length)}</p>
      </header>
      {anySample && <SampleBadge locale={locale} note />}
      {items.length === 0 && <p>{s.noValues}</p>}
      {ordered.map(([key, group], i) => (
        <section key={key || "other"} aria-labelledby={`theme-${i}`}>
          <h2 id={`theme-${i}`}>{group.name}</h2>
          <ul className="indicator-cards">
            {group.cards.map((card) => (
              <IndicatorCardView key={card.slug} card={card} locale={locale} />
            ))}
          </ul>
        </section>
      ))}
    </article>
  );
}
