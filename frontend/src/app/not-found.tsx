import { headers } from "next/headers";
import { Chrome, loadChrome } from "@/components/Chrome";
import { homePath, searchPath, t, type Locale } from "@/lib/i18n";

export const metadata = { title: "404", robots: { index: false } };

export default async function NotFound() {
  const locale: Locale = (await headers()).get("x-mha-locale") === "es" ? "es" : "en";
  const s = t(locale);
  const { nav, site } = await loadChrome(locale);
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
