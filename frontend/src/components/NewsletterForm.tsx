import { t, type Locale } from "@/lib/i18n";

type Props = {
  locale: Locale;
  heading: string;
  text: string;
  consent: string;
  /** The outcome of the last sign-up (?hartbeat=…), set by the route handler's redirect. */
  status?: string;
  returnTo: string;
};

/**
 * "The Hartbeat" sign-up. A plain form posting to the front end's route handler, which
 * calls the CMS and redirects back with the outcome: it works without JavaScript.
 */
export function NewsletterForm({ locale, heading, text, consent, status, returnTo }: Props) {
  const s = t(locale);
  const messages: Record<string, string> = {
    sent: s.newsletterSent,
    invalid: s.newsletterInvalid,
    busy: s.newsletterBusy,
    error: s.newsletterError,
  };
  const message = status ? messages[status] : undefined;
  const isError = status !== undefined && status !== "sent";
  return (
    <section className="newsletter" id="hartbeat" aria-labelledby="hartbeat-heading">
      <h2 id="hartbeat-heading">{heading}</h2>
      <p>{text}</p>
      {message && (
        <p className={isError ? "status status-error" : "status status-ok"} role={isError ? "alert" : "status"} id="hartbeat-status">
          {message}
        </p>
      )}
      {status !== "sent" && (
        <form method="post" action="/api/newsletter" className="newsletter-form">
          <input type="hidden" name="locale" value={locale} />
          <input type="hidden" name="return_to" value={returnTo} />
          <div className="field">
            <label htmlFor="hartbeat-email">{s.newsletterEmail}</label>
            <input
              id="hartbeat-email"
              name="email"
              type="email"
              autoComplete="email"
              required
              aria-describedby={isError ? "hartbeat-status" : undefined}
              aria-invalid={status === "invalid" ? true : undefined}
            />
          </div>
          <div className="field checkbox">
            <input id="hartbeat-consent" name="consent" type="checkbox" value="yes" required />
            <label htmlFor="hartbeat-consent">{consent}</label>
          </div>
          <button type="submit">{s.newsletterSubmit}</button>
        </form>
      )}
    </section>
  );
}
