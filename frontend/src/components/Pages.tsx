import type { PageCard, PageDetail, PageLink } from "@/lib/api";
import { formatBytes, formatDate, formatNumber } from "@/lib/format";
import { t, type Locale } from "@/lib/i18n";
import { downloadUrl } from "@/lib/indicators";
import { Body, DocumentLink, KeyFigures } from "./Blocks";
import { NewsletterForm } from "./NewsletterForm";
import { LinkTo } from "./LinkTo";
import { Picture } from "./Picture";
import { RichText } from "./RichText";

type Of<T extends PageDetail["type"]> = Extract<PageDetail, { type: T }>;
type ViewProps<T extends PageDetail["type"]> = { page: Of<T>; locale: Locale; newsletter?: NewsletterProps };
export type NewsletterProps = { name: string; blurb: string; consent: string; status?: string };

function Breadcrumbs({ page, locale }: { page: PageDetail; locale: Locale }) {
  if (page.breadcrumbs.length === 0) return null;
  return (
    <nav aria-label={t(locale).breadcrumbs} className="breadcrumbs">
      <ol>
        {page.breadcrumbs.map((crumb) => (
          <li key={crumb.id}>
            {crumb.path ? (
              <LinkTo link={{ ...crumb, path: crumb.path }} locale={locale}>
                {crumb.title}
              </LinkTo>
            ) : (
              crumb.title
            )}
          </li>
        ))}
        <li>
          <span aria-current="page">{page.title}</span>
        </li>
      </ol>
    </nav>
  );
}

function Cards({ cards, locale, headingLevel = 2 }: { cards: PageCard[]; locale: Locale; headingLevel?: 2 | 3 }) {
  if (!cards.length) return null;
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <ul className="cards">
      {cards.map((card) => (
        <li key={card.id} className={card.image ? "card" : "card card-plain"}>
          {card.image && (
            <div className="card-media">
              <Picture image={card.image} sizes="(min-width: 68rem) 21rem, (min-width: 40rem) 45vw, 100vw" alt="" />
            </div>
          )}
          <div className="card-body">
            <H>
              {card.path ? (
                <LinkTo link={{ ...card, path: card.path }} locale={locale} className="card-link">
                  {card.listing_title || card.title}
                </LinkTo>
              ) : (
                card.listing_title || card.title
              )}
            </H>
            {card.summary && <p>{card.summary}</p>}
          {card.date && card.type === "reports.ReportPage" && (
            <p className="meta">
              <time dateTime={card.date}>{formatDate(locale, card.date)}</time>
            </p>
          )}
          </div>
        </li>
      ))}
    </ul>
  );
}

function Links({ title, links, id, locale }: { title: string; links: PageLink[]; id: string; locale: Locale }) {
  const live = links.filter((l) => l.path);
  if (!live.length) return null;
  return (
    <section aria-labelledby={id} className="related">
      <h2 id={id}>{title}</h2>
      <ul>
        {live.map((link) => (
          <li key={link.id}>
            <LinkTo link={{ ...link, path: link.path as string }} locale={locale}>
              {link.title}
            </LinkTo>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Title({ page, locale, lead }: { page: PageDetail; locale: Locale; lead?: string }) {
  return (
    <header className="page-header">
      <Breadcrumbs page={page} locale={locale} />
      <h1>{page.title}</h1>
      {lead && <p className="lead">{lead}</p>}
    </header>
  );
}

export function HomeView({ page, locale, newsletter }: ViewProps<"home.HomePage">) {
  const s = t(locale);
  return (
    <article className="home">
      <header className="hero">
        <div>
          <h1>{page.hero_heading || page.title}</h1>
          {page.hero_intro && <p className="lead">{page.hero_intro}</p>}
        </div>
        {page.hero_image && <Picture image={page.hero_image} sizes="(min-width: 60rem) 28rem, 100vw" priority />}
      </header>
      {page.mission_statement && (
        <section aria-labelledby="mission">
          <h2 id="mission">{page.mission_heading}</h2>
          <RichText html={page.mission_statement} locale={locale} />
        </section>
      )}
      {page.region_at_a_glance.length > 0 && (
        <section aria-labelledby="region">
          <h2 id="region">{page.region_heading || s.keyFigures}</h2>
          <KeyFigures figures={page.region_at_a_glance.map((f) => f.value)} locale={locale} />
        </section>
      )}
      <Links title={s.relatedInitiatives} links={page.featured_initiatives} id="featured-initiatives" locale={locale} />
      <Links title={s.relatedReports} links={page.featured_reports} id="featured-reports" locale={locale} />
      <Links title={s.relatedIndustries} links={page.featured_industries} id="featured-industries" locale={locale} />
      <Body blocks={page.body} locale={locale} />
      {newsletter && (
        <NewsletterForm
          locale={locale}
          heading={page.newsletter_heading || newsletter.name}
          text={page.newsletter_text || newsletter.blurb}
          consent={newsletter.consent}
          status={newsletter.status}
          returnTo={page.path ?? "/"}
        />
      )}
    </article>
  );
}

type IndexPage = Of<"home.ContentPage"> | Of<"initiatives.InitiativeIndexPage"> | Of<"reports.ReportIndexPage"> | Of<"industries.IndustryIndexPage">;

/**
 * One page of a landing's children: the detail carries the first ones; a later page
 * (`?page=N`) is read from the listing by the catch-all route (childrenPage).
 */
export type ChildrenPage = { number: number; pages: number; cards: PageCard[] };

/** Which page of its children a landing shows for `?page=`: page 1 unless N is one of them. */
export function childrenPageNumber(page: { children: PageCard[]; children_total: number }, raw: unknown): number {
  const pages = childrenPages(page);
  const n = typeof raw === "string" && /^[1-9][0-9]{0,5}$/.test(raw) ? Number(raw) : 1;
  return n <= pages ? n : 1;
}

export function childrenPages(page: { children: PageCard[]; children_total: number }): number {
  const size = page.children.length;
  return size ? Math.ceil(page.children_total / size) : 1;
}

/** Content pages and the three landings: intro, body, and the live children as cards. */
export function ListingView({ page, locale, childrenPage }: { page: IndexPage; locale: Locale; childrenPage?: ChildrenPage }) {
  const s = t(locale);
  const hero = "hero_image" in page ? page.hero_image : null;
  const shown = childrenPage ?? { number: 1, pages: childrenPages(page), cards: page.children };
  const at = (n: number) => (n > 1 ? `${page.path ?? ""}?page=${n}` : (page.path ?? ""));
  return (
    <article>
      <Title page={page} locale={locale} lead={page.intro} />
      {hero && <Picture image={hero} sizes="(min-width: 60rem) 52rem, 100vw" priority />}
      {shown.number > 1 && <p className="pager-at">{s.pageOf(shown.number, shown.pages)}</p>}
      {shown.number === 1 && <Body blocks={page.body} locale={locale} />}
      <Cards cards={shown.cards} locale={locale} />
      {shown.pages > 1 && (
        <nav aria-label={s.pageOf(shown.number, shown.pages)} className="pager">
          {shown.number > 1 && <a href={at(shown.number - 1)}>{s.previous}</a>}
          <span>{s.pageOf(shown.number, shown.pages)}</span>
          {shown.number < shown.pages && <a href={at(shown.number + 1)}>{s.next}</a>}
        </nav>
      )}
    </article>
  );
}

export function InitiativeView({ page, locale }: ViewProps<"initiatives.InitiativePage">) {
  const s = t(locale);
  return (
    <article>
      <Title page={page} locale={locale} lead={page.goal} />
      {page.hero_image && <Picture image={page.hero_image} sizes="(min-width: 60rem) 52rem, 100vw" priority />}
      {page.summary && <p>{page.summary}</p>}
      {page.priorities.length > 0 && (
        <section aria-labelledby="priorities">
          <h2 id="priorities">{s.priorities}</h2>
          <ul className="priorities">
            {page.priorities.map((p) => (
              <li key={p.id}>
                <h3>{p.value.title}</h3>
                <p>{p.value.description}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
      {page.key_figures.length > 0 && (
        <section aria-labelledby="key-figures">
          <h2 id="key-figures">{s.keyFigures}</h2>
          <KeyFigures figures={page.key_figures.map((f) => f.value)} locale={locale} />
        </section>
      )}
      <Body blocks={page.body} locale={locale} />
      {page.partners.length > 0 && (
        <section aria-labelledby="partners">
          <h2 id="partners">{s.partners}</h2>
          <ul className="logos">
            {page.partners.map((org) => (
              <li key={org.id}>{org.website ? <a href={org.website}>{org.name}</a> : org.name}</li>
            ))}
          </ul>
        </section>
      )}
      {page.contact_person && (
        <section aria-labelledby="contact">
          <h2 id="contact">{s.contact}</h2>
          <p>
            {page.contact_person.name}, {page.contact_person.role}
            {page.contact_person.email && (
              <>
                {" "}
                <a href={`mailto:${page.contact_person.email}`}>{page.contact_person.email}</a>
              </>
            )}
          </p>
        </section>
      )}
      {page.website && (
        <p>
          <a href={page.website}>{s.website}</a>
        </p>
      )}
      <Links title={s.relatedIndustries} links={page.related_industries} id="related-industries" locale={locale} />
      <Links title={s.relatedReports} links={page.related_reports} id="related-reports" locale={locale} />
    </article>
  );
}

export type PdfSection = { label: string; page: number };

/**
 * The report's h2 sections and the PDF page each starts on, as the CMS found them in the
 * PDF's text (`document_sections`); headings not found in the PDF are left out.
 */
export async function pdfSections(page: Of<"reports.ReportPage">, _locale: Locale): Promise<PdfSection[]> {
  const doc = page.document && !page.document.restricted ? page.document : null;
  if (!doc || doc.extension !== "pdf") return [];
  const sections: PdfSection[] = [];
  for (const section of page.document_sections) {
    if (section.level !== "h2" || section.page_number === null) continue;
    if (!sections.some((s) => s.page === section.page_number)) sections.push({ label: section.text, page: section.page_number });
  }
  return sections.sort((a, b) => a.page - b.page).slice(0, 8);
}

export function ReportView({ page, locale, sections = [] }: ViewProps<"reports.ReportPage"> & { sections?: PdfSection[] }) {
  const s = t(locale);
  const doc = page.document && !page.document.restricted ? page.document : null;
  const extra = sections;
  // The report's charts and tables as one ZIP (issue 14), when the CMS offers it.
  const figures = (page as { figures_download?: string | null }).figures_download ?? null;
  return (
    <article className="report">
      <Title page={page} locale={locale} lead={page.edition} />
      <div className="report-intro">
        {page.cover_image && (
          <Picture image={page.cover_image} sizes="(min-width: 50rem) 16rem, 60vw" priority className="cover" />
        )}
        <div>
          {page.publication_date && (
            <p className="meta">
              {s.published}: <time dateTime={page.publication_date}>{formatDate(locale, page.publication_date)}</time>
            </p>
          )}
          <p>{page.summary}</p>
          {doc && (
            <p className="download">
              <a className="button" href={doc.url} data-testid="report-pdf">
                {s.downloadPdf}{" "}
                <span className="meta">
                  ({doc.extension.toUpperCase()}
                  {doc.size ? `, ${formatBytes(locale, doc.size)}` : ""})
                </span>
              </a>
            </p>
          )}
          {figures && (
            <p className="download figures-download">
              <a href={downloadUrl(figures)} type="application/zip" data-testid="figures-download">
                {s.downloadFigures} <span className="meta">({s.figuresZip})</span>
              </a>
            </p>
          )}
          {doc && extra.length > 0 && <p className="pdf-pages-label">{s.inThePdf}:</p>}
          {doc && extra.length > 0 && (
            <ul className="pdf-pages">
              {extra.map((entry) => (
                <li key={entry.page}>
                  <a href={`${doc.url}#page=${entry.page}`}>
                    {s.openAtPage} {formatNumber(locale, entry.page)}: {entry.label}
                  </a>
                </li>
              ))}
            </ul>
          )}
          {page.themes.length > 0 && (
            <p className="themes">
              {s.themes}: {page.themes.map((theme) => theme.name).join(", ")}
            </p>
          )}
        </div>
      </div>
      <Body blocks={page.body} locale={locale} />
      {page.organisations.length > 0 && (
        <section aria-labelledby="partners">
          <h2 id="partners">{s.partners}</h2>
          <ul className="logos">
            {page.organisations.map((entry) => (
              <li key={entry.organisation.id}>
                {entry.organisation.website ? (
                  <a href={entry.organisation.website}>{entry.organisation.name}</a>
                ) : (
                  entry.organisation.name
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <Links title={s.relatedInitiatives} links={page.related_initiatives} id="related-initiatives" locale={locale} />
      <Links title={s.relatedIndustries} links={page.related_industries} id="related-industries" locale={locale} />
    </article>
  );
}

export function IndustryView({ page, locale }: ViewProps<"industries.IndustryProfilePage">) {
  const s = t(locale);
  return (
    <article>
      <Title page={page} locale={locale} lead={page.sector_summary} />
      {page.hero_image && <Picture image={page.hero_image} sizes="(min-width: 60rem) 52rem, 100vw" priority />}
      {page.key_figures.length > 0 && (
        <section aria-labelledby="key-figures">
          <h2 id="key-figures">{s.keyFigures}</h2>
          <KeyFigures figures={page.key_figures.map((f) => f.value)} locale={locale} />
        </section>
      )}
      {page.strengths.length > 0 && (
        <section aria-labelledby="strengths">
          <h2 id="strengths">{s.strengths}</h2>
          <ul className="priorities">
            {page.strengths.map((p) => (
              <li key={p.id}>
                <h3>{p.value.title}</h3>
                <p>{p.value.description}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
      <Body blocks={page.body} locale={locale} />
      {page.major_employers.length > 0 && (
        <section aria-labelledby="employers">
          <h2 id="employers">{s.majorEmployers}</h2>
          <ul>
            {page.major_employers.map((e) => (
              <li key={e.name}>
                {e.website ? <a href={e.website}>{e.name}</a> : e.name}
                {e.regional_employees ? ` (${formatNumber(locale, e.regional_employees)} ${s.employees})` : ""}
              </li>
            ))}
          </ul>
        </section>
      )}
      <Links title={s.relatedInitiatives} links={page.related_initiatives} id="related-initiatives" locale={locale} />
      <Links title={s.relatedReports} links={page.related_reports} id="related-reports" locale={locale} />
    </article>
  );
}

export const TEMPLATES = ["home", "listing", "initiative", "report", "industry"] as const;
export type Template = (typeof TEMPLATES)[number];

/** The page-type switch: every type in the API's union, checked exhaustively by the compiler. */
export function templateFor(type: PageDetail["type"]): Template {
  switch (type) {
    case "home.HomePage":
      return "home";
    case "home.ContentPage":
    case "initiatives.InitiativeIndexPage":
    case "reports.ReportIndexPage":
    case "industries.IndustryIndexPage":
      return "listing";
    case "initiatives.InitiativePage":
      return "initiative";
    case "reports.ReportPage":
      return "report";
    case "industries.IndustryProfilePage":
      return "industry";
    default: {
      const unknown: never = type;
      throw new Error(`Unknown page type ${String(unknown)}`);
    }
  }
}

export function PageView({
  page,
  locale,
  newsletter,
  sections,
  childrenPage,
}: {
  page: PageDetail;
  locale: Locale;
  newsletter?: NewsletterProps;
  /** For reports: where the PDF's sections start (pdfSections). */
  sections?: PdfSection[];
  /** For landings: a later page of their children (`?page=N`). */
  childrenPage?: ChildrenPage;
}) {
  switch (page.type) {
    case "home.HomePage":
      return <HomeView page={page} locale={locale} newsletter={newsletter} />;
    case "home.ContentPage":
    case "initiatives.InitiativeIndexPage":
    case "reports.ReportIndexPage":
    case "industries.IndustryIndexPage":
      return <ListingView page={page} locale={locale} childrenPage={childrenPage} />;
    case "initiatives.InitiativePage":
      return <InitiativeView page={page} locale={locale} />;
    case "reports.ReportPage":
      return <ReportView page={page} locale={locale} sections={sections} />;
    case "industries.IndustryProfilePage":
      return <IndustryView page={page} locale={locale} />;
    default: {
      const unknown: never = page;
      throw new Error(`Unknown page type ${(unknown as PageDetail).type}`);
    }
  }
}
