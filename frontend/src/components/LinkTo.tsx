import type { Locale } from "@/lib/i18n";
import { foreignLocale, languageMarker, type LinkLike } from "@/lib/links";

type Props = {
  link: LinkLike & { path: string };
  /** The language of the page the link is on. */
  locale: Locale;
  children: React.ReactNode;
  className?: string;
  "aria-current"?: "page";
};

/**
 * A link to one of the site's pages. When the target is in the other language (a page
 * with no translation yet), the link says so: `hreflang` on the anchor, `lang` on its
 * title, and a visible marker such as "(en inglés)" inside it, so it is announced with
 * the link.
 */
export function LinkTo({ link, locale, children, className, ...rest }: Props) {
  const foreign = foreignLocale(link, locale);
  if (!foreign) {
    return (
      <a href={link.path} className={className} aria-current={rest["aria-current"]}>
        {children}
      </a>
    );
  }
  return (
    <a href={link.path} hrefLang={foreign} className={className} aria-current={rest["aria-current"]}>
      <span lang={foreign}>{children}</span> <span className="lang-note">{languageMarker(locale, foreign)}</span>
    </a>
  );
}
