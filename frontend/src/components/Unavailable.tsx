import { t, type Locale } from "@/lib/i18n";
import { Chrome } from "./Chrome";

/**
 * The CMS is down or too slow: a friendly page, rendered on the server (no script
 * needed), with no navigation since that comes from the CMS too.
 */
export function Unavailable({ locale, path }: { locale: Locale; path: string }) {
  const s = t(locale);
  return (
    <Chrome locale={locale} nav={null} site={null}>
      <section className="problem" data-testid="unavailable">
        <h1>{s.unavailableTitle}</h1>
        <p>{s.unavailableText}</p>
        <p>
          <a href={path}>{s.tryAgain}</a>
        </p>
      </section>
    </Chrome>
  );
}
