"use client";
/**
 * Anything that fails while rendering a page, above all a CMS that is down or too slow
 * (ApiUnavailableError), ends here: a friendly page, never a stack trace.
 */
import { usePathname } from "next/navigation";
import { localeOfPath, unavailableStrings } from "@/lib/i18n-unavailable";

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const locale = localeOfPath(usePathname() ?? "/");
  const s = unavailableStrings[locale];
  return (
    <>
      <a className="skip-link" href="#main">
        {s.skip}
      </a>
      <header className="site-header">
        <div className="wrap header-row">
          <a className="brand" href={locale === "es" ? "/es/" : "/"}>
            MetroHartford Alliance
          </a>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="wrap">
        <section className="problem" data-testid="unavailable">
          <h1>{s.unavailableTitle}</h1>
          <p>{s.unavailableText}</p>
          <p>
            <button type="button" onClick={() => reset()}>
              {s.tryAgain}
            </button>
          </p>
        </section>
      </main>
    </>
  );
}
