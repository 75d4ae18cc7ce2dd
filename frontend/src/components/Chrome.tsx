import { getNavigation, getSite, type Navigation, type SiteInfo } from "@/lib/api";
import { dataPath, homePath, searchPath, t, type Locale } from "@/lib/i18n";
import { LinkTo } from "./LinkTo";
import { RichText } from "./RichText";

export type Alternate = { locale: Locale; path: string };

async function safely<T>(load: () => Promise<T | null>): Promise<T | null> {
  try {
    return await load();
  } catch {
    return null;
  }
}

export async function loadChrome(locale: Locale): Promise<{ nav: Navigation | null; site: SiteInfo | null }> {
  const [nav, site] = await Promise.all([safely(() => getNavigation(locale)), safely(() => getSite(locale))]);
  return { nav, site };
}

type Props = {
  locale: Locale;
  /** The same page in the other language, as the API names it (translations). */
  alternates?: Alternate[];
  currentPath?: string;
  nav: Navigation | null;
  site: SiteInfo | null;
  banner?: React.ReactNode;
  children: React.ReactNode;
};

/** The Alliance's mark (as in app/icon.svg): a rising skyline of three bars over the river. */
function Mark() {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="#0b6b68" />
      <rect x="7" y="15" width="4.5" height="9" rx="1" fill="#fff" />
      <rect x="13.75" y="10" width="4.5" height="14" rx="1" fill="#fff" />
      <rect x="20.5" y="6" width="4.5" height="18" rx="1" fill="#f4a259" />
      <rect x="6" y="26" width="20" height="2" rx="1" fill="#fff" opacity=".7" />
    </svg>
  );
}

/** Header (skip link, navigation, search, language switch), main and footer. */
export function Chrome({ locale, alternates = [], currentPath, nav, site, banner, children }: Props) {
  const s = t(locale);
  const other: Locale = locale === "en" ? "es" : "en";
  const otherLink = alternates.find((a) => a.locale === other)?.path ?? homePath[other];
  const name = site?.name ?? "MetroHartford Alliance";
  return (
    <>
      <a className="skip-link" href="#main">
        {s.skip}
      </a>
      {banner}
      <header className="site-header">
        <div className="wrap header-row">
          <a className="brand" href={nav?.home.path ?? homePath[locale]}>
            <Mark />
            <span className="brand-name">{name}</span>
          </a>
          <form className="header-search" role="search" aria-label={s.searchSite} method="get" action={searchPath[locale]}>
            <label htmlFor="header-q" className="visually-hidden">
              {s.searchSite}
            </label>
            <input id="header-q" name="q" type="search" placeholder={s.searchPlaceholder} enterKeyHint="search" />
            <button type="submit">{s.searchButton}</button>
          </form>
          <a className="lang-switch" href={otherLink} hrefLang={other} lang={other}>
            {s.languageSwitchLabel}
          </a>
        </div>
        {nav && nav.items.length > 0 && (
          <nav aria-label={s.menu} className="wrap main-nav">
            <ul>
              {nav.items.map((item) =>
                item.path ? (
                  <li key={item.id}>
                    <LinkTo
                      link={{ path: item.path, locale: item.locale }}
                      locale={locale}
                      aria-current={currentPath === item.path ? "page" : undefined}
                    >
                      {item.title}
                    </LinkTo>
                  </li>
                ) : null,
              )}
            </ul>
          </nav>
        )}
      </header>
      <main id="main" tabIndex={-1} className="wrap">
        {children}
      </main>
      <footer className="site-footer">
        <div className="wrap">
          {site && <RichText html={site.footer_text} locale={locale} />}
          {site && (
            <address>
              {site.name}
              {site.address.lines.map((line) => (
                <span key={line}>
                  <br />
                  {line}
                </span>
              ))}
            </address>
          )}
          {site && site.social_links.length > 0 && (
            <ul className="social">
              {site.social_links.map((link) => (
                <li key={link.url}>
                  <a href={link.url}>{link.label || link.network}</a>
                </li>
              ))}
            </ul>
          )}
          <p>
            <a href={searchPath[locale]}>{s.search}</a> · <a href={dataPath[locale]}>{s.data}</a>
          </p>
          <p className="copyright">
            © {new Date().getFullYear()} {site?.copyright_holder ?? name}
          </p>
        </div>
      </footer>
    </>
  );
}
