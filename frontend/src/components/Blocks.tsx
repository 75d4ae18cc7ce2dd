import type { PageDetail, Schemas } from "@/lib/api";
import { formatBytes, formatFigure } from "@/lib/format";
import { t, type Locale } from "@/lib/i18n";
import { DataTable, IndicatorFigure } from "./Charts";
import { LinkTo } from "./LinkTo";
import { Picture } from "./Picture";
import { RichText } from "./RichText";

export type Block = PageDetail["body"][number];

function Heading({ value }: { value: Schemas["HeadingBlock"] }) {
  const level = value.level === "h3" ? "h3" : value.level === "h4" ? "h4" : "h2";
  const Tag = level;
  return <Tag>{value.text}</Tag>;
}

export function KeyFigures({ figures, locale }: { figures: Schemas["KeyFigureBlock"][]; locale: Locale }) {
  if (!figures.length) return null;
  return (
    <ul className="key-figures">
      {figures.map((f, i) => (
        <li key={i}>
          <span className="figure-value">{formatFigure(locale, f.value, f.unit)}</span>
          <span className="figure-label">
            {f.label}
            {f.year ? ` (${f.year})` : ""}
          </span>
          {f.source && (
            <span className="figure-source">
              {t(locale).source}: {f.source_url ? <a href={f.source_url}>{f.source}</a> : f.source}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

function DocumentLink({ document, title, locale }: { document: Schemas["Document"]; title?: string; locale: Locale }) {
  return (
    <a className="document-link" href={document.url}>
      {title || document.title}{" "}
      <span className="meta">
        ({document.extension.toUpperCase()}
        {document.size ? `, ${formatBytes(locale, document.size)}` : ""})
      </span>
    </a>
  );
}

export { DocumentLink };

/** One StreamField block of any page type; the switch covers every block the API names. */
export function BlockView({ block, locale, id }: { block: Block; locale: Locale; id: string }) {
  switch (block.type) {
    case "heading":
      return <Heading value={block.value} />;
    case "paragraph":
      return <RichText html={block.value} locale={locale} />;
    case "image":
      return block.value.image ? (
        <figure className="image-block">
          <Picture image={block.value.image} sizes="(min-width: 60rem) 52rem, 100vw" />
          {(block.value.caption || block.value.credit) && (
            <figcaption>
              {block.value.caption} {block.value.credit && <span className="credit">{block.value.credit}</span>}
            </figcaption>
          )}
        </figure>
      ) : null;
    case "quote":
      return (
        <figure className="quote">
          <blockquote>
            <p>{block.value.quote}</p>
          </blockquote>
          {block.value.attribution && (
            <figcaption>
              {block.value.attribution}
              {block.value.role && `, ${block.value.role}`}
            </figcaption>
          )}
        </figure>
      );
    case "key_figures":
      return <KeyFigures figures={block.value} locale={locale} />;
    case "call_to_action": {
      const page = block.value.page?.path ? { ...block.value.page, path: block.value.page.path } : null;
      const href = page?.path ?? block.value.url;
      return (
        <aside className="cta" aria-labelledby={`${id}-h`}>
          <h2 id={`${id}-h`}>{block.value.heading}</h2>
          <p>{block.value.text}</p>
          {page ? (
            <LinkTo link={page} locale={locale} className="button">
              {block.value.button_label}
            </LinkTo>
          ) : (
            href && (
              <a className="button" href={href}>
                {block.value.button_label}
              </a>
            )
          )}
        </aside>
      );
    }
    case "document":
      return block.value.document ? (
        <p>
          <DocumentLink document={block.value.document} title={block.value.title} locale={locale} />
        </p>
      ) : null;
    case "embed":
      return block.value ? (
        <p>
          <a href={block.value.url}>{block.value.title || block.value.url}</a>
          {block.value.provider_name ? ` (${block.value.provider_name})` : ""}
        </p>
      ) : null;
    case "people":
      return (
        <section className="people" aria-labelledby={`${id}-h`}>
          <h2 id={`${id}-h`}>{block.value.heading}</h2>
          <ul className="cards">
            {block.value.people.map((person) =>
              person ? (
                <li key={person.id} className="card">
                  <h3>{person.name}</h3>
                  <p>
                    {person.role}
                    {person.organisation ? `, ${person.organisation}` : ""}
                  </p>
                </li>
              ) : null,
            )}
          </ul>
        </section>
      );
    case "organisations":
      return (
        <section className="organisations" aria-labelledby={`${id}-h`}>
          <h2 id={`${id}-h`}>{block.value.heading}</h2>
          <ul className="logos">
            {block.value.organisations.map((org) =>
              org ? (
                <li key={org.id}>
                  {org.website ? <a href={org.website}>{org.name}</a> : org.name}
                </li>
              ) : null,
            )}
          </ul>
        </section>
      );
    case "challenge":
      return (
        <section className="challenge" aria-labelledby={`${id}-h`}>
          <h3 id={`${id}-h`}>{block.value.question}</h3>
          <p className="finding">{block.value.finding}</p>
          {block.value.detail && <p>{block.value.detail}</p>}
          <KeyFigures figures={block.value.figures} locale={locale} />
        </section>
      );
    case "indicator":
      return <IndicatorFigure value={block.value} locale={locale} id={id} />;
    case "data_table":
      return <DataTable value={block.value} locale={locale} id={id} />;
    case "where_change":
      return (
        <section className="where-change" aria-labelledby={`${id}-h`}>
          <h3 id={`${id}-h`}>
            {block.value.theme}: {block.value.focus}
          </h3>
          <ul>
            {block.value.items.map((item, i) => (
              <li key={i}>{item}</li>
            ))}
          </ul>
        </section>
      );
    default: {
      const unknown: never = block;
      void unknown;
      return null;
    }
  }
}

export function Body({ blocks, locale }: { blocks: Block[]; locale: Locale }) {
  return (
    <div className="body">
      {blocks.map((block, i) => (
        <BlockView key={"id" in block ? block.id : i} block={block} locale={locale} id={`b${i}`} />
      ))}
    </div>
  );
}
