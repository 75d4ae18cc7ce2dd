import { headers } from "next/headers";
import { Chrome, loadChrome } from "@/components/Chrome";
import { homePath, searchPath, t, type Locale } from "@/lib/i18n";
import { CMS_DOWN_HEADER } from "@/lib/load";

export const metadata = { title: "404", robots: { index: false } };

export default async function NotFound() {
  const request = await headers();
  const locale: Locale = request.get("x-mha-locale") === "es" ? "es" : "en";
  const s = t(locale);
  // Next renders this page into every page's payload (the not-found boundary): with the
  // CMS down, its navigation would wait for the timeout again.
  const { nav, site } = request.get(CMS_DOWN_HEADER) ? { nav: null, site: null } : await loadChrome(locale);
  return (
    <Chrome locale={locale} nav={nav} site={site}>
      <section className="problem" data-testid="not-found">
        <h1>{s.notFoundTitle}</h1>
        <p>{s.notFoundText}</p>
        <p>
          <a href={homePath[locale]}>{s.goHome}</a> · <a href={searchPath[locale]}>{s.search}</a>
        </p>
      </section>
    </Chrome>
  );
}
