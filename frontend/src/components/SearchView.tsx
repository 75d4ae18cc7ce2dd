import { headers } from "next/headers";
import { ApiUnavailableError, search, type SearchResults } from "@/lib/api";
import { formatDate, formatNumber } from "@/lib/format";
import { searchPath, t, type Locale } from "@/lib/i18n";
import { HANDOFF_HEADER, takeHandOff } from "@/lib/load";
import { sanitizeExcerpt } from "@/lib/sanitize";
import { FACETS, PAGE_SIZE, parseSearch, searchKey, searchQuery, type Facet, type HandedOffSearch, type RawParams } from "@/lib/search";
import { Chrome, loadChrome } from "./Chrome";
import { SearchBox } from "./SearchBox";
import { Unavailable } from "./Unavailable";

function href(locale: Locale, q: string, filters: Record<Facet, string[]>, page = 1): string {
  const params = new URLSearchParams();
  if (q) params.append("q", q);
  for (const facet of FACETS) for (const value of filters[facet]) params.append(facet, value);
  if (page > 1) params.append("page", String(page));
  const query = params.toString();
  return query ? `${searchPath[locale]}?${query}` : searchPath[locale];
}

export async function SearchView({ locale, raw }: { locale: Locale; raw: RawParams }) {
  const s = t(locale);
  const parsed = parseSearch(raw);
  const { q, filters, page } = parsed;
  const query = searchQuery(locale, parsed);
  let results: SearchResults | null = null;
  if (query) {
    // proxy.ts has made the call (and set a 503 if the CMS is down); without its
    // answer (another process), the page asks itself.
    const handed = takeHandOff<HandedOffSearch>((await headers()).get(HANDOFF_HEADER), searchKey(query));
    try {
      if (handed?.kind === "unavailable") throw new ApiUnavailableError("search: the proxy found the CMS down");
      results = handed ? handed.results : await search(query);
    } catch (error) {
      if (error instanceof ApiUnavailableError) return <Unavailable locale={locale} path={href(locale, q, filters, page)} />;
      throw error;
    }
  }
  const { nav, site } = await loadChrome(locale);
  const other: Locale = locale === "en" ? "es" : "en";
  const facetTitles: Record<Facet, string> = {
    type: s.facetType,
    theme: s.facetTheme,
    industry: s.facetIndustry,
    initiative: s.facetInitiative,
    report_type: s.facetReportType,
    year: s.facetYear,
  };
  // Facet labels come from the API, in the search's language. A chosen filter that no
  // result has is missing from the facets; a kind is then named here, anything else by its value.
  const chips: { facet: Facet; value: string; label: string }[] = [];
  for (const facet of FACETS) {
    for (const value of filters[facet]) {
      const fallback = facet === "type" ? (s.kinds[value] ?? value) : value;
      const label = results?.facets[facet].find((f) => f.value === value)?.label ?? fallback;
      chips.push({ facet, value, label });
    }
  }
  const pages = results ? Math.max(1, Math.ceil(results.total / PAGE_SIZE)) : 1;
  return (
    <Chrome locale={locale} nav={nav} site={site} alternates={[{ locale: other, path: href(other, q, filters) }]} currentPath={searchPath[locale]}>
      <h1 id="search-heading">{s.searchHeading}</h1>
      <form role="search" aria-labelledby="search-heading" method="get" action={searchPath[locale]} className="search-form" id="search-form">
        <div className="search-row">
          <label htmlFor="q">{s.searchSite}</label>
          <SearchBox locale={locale} defaultValue={q} />
          <button type="submit">{s.searchButton}</button>
        </div>
        {results && (
          <p className="result-count" role="status" data-testid="result-count">
            {results.total_is_estimate ? s.about(results.total) : s.results(results.total)} {s.resultsFor} “{results.query}”
          </p>
        )}
        {results?.suggestion && (
          <p>
            {s.didYouMean} <a href={href(locale, results.suggestion, filters)}>{results.suggestion}</a>?
          </p>
        )}
        {chips.length > 0 && (
          <section aria-labelledby="active-filters" className="chips">
            <h2 id="active-filters" className="visually-hidden">
              {s.activeFilters}
            </h2>
            <ul>
              {chips.map((chip) => (
                <li key={`${chip.facet}-${chip.value}`}>
                  <a
                    className="chip"
                    href={href(locale, q, { ...filters, [chip.facet]: filters[chip.facet].filter((v) => v !== chip.value) })}
                  >
                    {chip.label} <span aria-hidden="true">×</span>
                    <span className="visually-hidden">({s.removeFilter})</span>
                  </a>
                </li>
              ))}
              <li>
                <a href={href(locale, q, { type: [], theme: [], industry: [], initiative: [], report_type: [], year: [] })}>{s.clearAll}</a>
              </li>
            </ul>
          </section>
        )}
        <div className="search-layout">
          {results && (
            <div className="facets">
              <h2>{s.filters}</h2>
              {FACETS.map((facet) => {
                const values = results.facets[facet];
                if (!values.length) return null;
                return (
                  <fieldset key={facet}>
                    <legend>{facetTitles[facet]}</legend>
                    {values.map((value) => {
                      const id = `f-${facet}-${value.value}`;
                      return (
                        <div className="field checkbox" key={value.value}>
                          <input
                            type="checkbox"
                            id={id}
                            name={facet}
                            value={value.value}
                            defaultChecked={filters[facet].includes(value.value)}
                          />
                          <label htmlFor={id}>
                            {value.label} <span className="count">({formatNumber(locale, value.count)})</span>
                          </label>
                        </div>
                      );
                    })}
                  </fieldset>
                );
              })}
              <button type="submit">{s.apply}</button>
            </div>
          )}
          {results && (
            <div className="results">
              <ol className="hits">
                {results.results.map((hit, i) => {
                  const link = hit.path ?? hit.url ?? "#";
                  return (
                    <li key={`${hit.kind}-${hit.id}-${i}`} className="hit">
                      <p className="kind">
                        {hit.promoted ? `${s.promoted} · ` : ""}
                        {s.kind[hit.kind] ?? hit.kind}
                        {hit.date ? (
                          <>
                            {" · "}
                            <time dateTime={hit.date}>{formatDate(locale, hit.date)}</time>
                          </>
                        ) : null}
                      </p>
                      <h2>
                        <a href={hit.document ? hit.document.page_url : link}>{hit.title}</a>
                      </h2>
                      {hit.excerpt && <p className="excerpt" dangerouslySetInnerHTML={{ __html: sanitizeExcerpt(hit.excerpt) }} />}
                      {hit.document && (
                        <p className="pdf-hit">
                          <a href={hit.document.page_url} data-testid="pdf-page-link">
                            {s.pdfPage} {formatNumber(locale, hit.document.page_number)}
                          </a>
                          {hit.path && (
                            <>
                              {" · "}
                              <a href={hit.path}>{hit.summary ? hit.document.title : hit.title}</a>
                            </>
                          )}
                        </p>
                      )}
                    </li>
                  );
                })}
              </ol>
              {pages > 1 && (
                <nav aria-label={s.pageOf(page, pages)} className="pager">
                  {page > 1 && <a href={href(locale, q, filters, page - 1)}>{s.previous}</a>}
                  <span>{s.pageOf(page, pages)}</span>
                  {page < pages && <a href={href(locale, q, filters, page + 1)}>{s.next}</a>}
                </nav>
              )}
            </div>
          )}
        </div>
      </form>
    </Chrome>
  );
}
