/**
 * The pages The Hartbeat's e-mails link to (/newsletter/confirm and /newsletter/unsubscribe,
 * /es/newsletter/… in Spanish). Opening one changes nothing, since mail scanners open
 * every link: it shows a button that posts the token to a route handler, which redirects
 * back here with `status` (lib/newsletter.ts). No script needed; proxy.ts gives each
 * outcome its HTTP status and keeps the token out of Referer headers.
 */
import type { Metadata } from "next";
import { Chrome, loadChrome } from "@/components/Chrome";
import { homePath, t, type Locale } from "@/lib/i18n";
import { cleanToken, tokenPagePath, TOKEN_OUTCOMES, type TokenAction, type TokenOutcome } from "@/lib/newsletter";

export type TokenPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export function tokenPageMetadata(action: TokenAction, locale: Locale): Metadata {
  const s = t(locale);
  return {
    title: action === "confirm" ? s.confirmTitle : s.unsubscribeTitle,
    robots: { index: false, follow: false },
    referrer: "no-referrer",
  };
}

export async function TokenPage({ action, locale, searchParams }: { action: TokenAction; locale: Locale } & TokenPageProps) {
  const s = t(locale);
  const query = await searchParams;
  const token = cleanToken(query.token);
  const raw = typeof query.status === "string" ? query.status : undefined;
  const status = TOKEN_OUTCOMES.find((o) => o === raw) as TokenOutcome | undefined;
  const { nav, site } = await loadChrome(locale);
  const other: Locale = locale === "en" ? "es" : "en";
  const search = new URLSearchParams();
  if (token) search.set("token", token);
  if (status) search.set("status", status);
  const alternates = [{ locale: other, path: `${tokenPagePath(action, other)}${search.size ? `?${search}` : ""}` }];
  const signUp = (
    <p>
      <a href={`${homePath[locale]}#hartbeat`}>{s.signUpAgain}</a>
    </p>
  );

  let body: React.ReactNode;
  if (status === "confirmed" || status === "unsubscribed") {
    body = (
      <>
        <h1>{status === "confirmed" ? s.confirmedTitle : s.unsubscribedTitle}</h1>
        <p role="status">{status === "confirmed" ? s.confirmedText : s.unsubscribedText}</p>
        {status === "confirmed" ? (
          <p>
            <a href={homePath[locale]}>{s.goHome}</a>
          </p>
        ) : (
          signUp
        )}
      </>
    );
  } else if (status === "expired") {
    body = (
      <>
        <h1>{s.linkExpiredTitle}</h1>
        <p>{s.linkExpiredText}</p>
        {signUp}
      </>
    );
  } else if (!token || status === "invalid") {
    body = (
      <>
        <h1>{s.linkInvalidTitle}</h1>
        <p>{s.linkInvalidText}</p>
        {signUp}
      </>
    );
  } else {
    // A token to use, perhaps again after the CMS was busy or down.
    const problem = status === "busy" ? s.linkBusy : status === "unavailable" ? s.linkUnavailable : undefined;
    body = (
      <>
        <h1>{action === "confirm" ? s.confirmTitle : s.unsubscribeTitle}</h1>
        {problem && (
          <p className="status status-error" role="alert">
            {problem}
          </p>
        )}
        <p>{action === "confirm" ? s.confirmText : s.unsubscribeText}</p>
        <form method="post" action={`/api/newsletter-${action}`}>
          <input type="hidden" name="token" value={token} />
          <input type="hidden" name="locale" value={locale} />
          <button type="submit">{action === "confirm" ? s.confirmButton : s.unsubscribeButton}</button>
        </form>
      </>
    );
  }
  return (
    <Chrome locale={locale} nav={nav} site={site} alternates={alternates}>
      <section className="problem newsletter-link" data-testid={`newsletter-${action}`}>
        {body}
      </section>
    </Chrome>
  );
}
