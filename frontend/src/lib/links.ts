/**
 * Honest fallbacks: a link from a page in one language to a page that exists only in the
 * other says so. The target's language is the API's `locale` on the link (PageLink,
 * PageCard) or, for rich text, the `hreflang` the CMS puts on an `<a>` whose target is in
 * another language; where neither is given, the public path itself tells (`/es/…` is
 * Spanish, every other page path English).
 */
import { localeOfPath, type Locale } from "./i18n";

export type LinkLike = { path: string | null; locale?: string | null };

function asLocale(value: string | null | undefined): Locale | null {
  if (!value) return null;
  const primary = value.toLowerCase().split("-")[0];
  return primary === "en" || primary === "es" ? primary : null;
}

/** The language of the page a link leads to. */
export function targetLocale(link: LinkLike): Locale {
  return asLocale(link.locale) ?? (link.path ? localeOfPath(link.path) : "en");
}

/** The target's language when it differs from the page's, else null (no marker). */
export function foreignLocale(link: LinkLike, pageLocale: Locale): Locale | null {
  const target = targetLocale(link);
  return target === pageLocale ? null : target;
}

/** The visible marker after a link to a page in `target`, in the reader's language. */
export function languageMarker(pageLocale: Locale, target: Locale): string {
  if (pageLocale === "es") return target === "en" ? "(en inglés)" : "";
  return target === "es" ? "(in Spanish)" : "";
}

// Paths of the site's own pages in rich text: root-relative, not an asset or API path.
const NOT_PAGES = /^\/(?:_next|api|media|documents|static|admin)\//;

function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, "i").exec(tag);
  return match ? (match[2] ?? match[3] ?? "") : null;
}

/**
 * Rich text's links to pages in another language: `lang` on the anchor (its text is in
 * that language), `hreflang` if the CMS did not set it, and a visible marker after it,
 * such as "(en inglés)". The HTML is the CMS's own rendering, so anchors are well formed
 * and never nested; other markup passes through untouched.
 */
export function markForeignLinks(html: string, pageLocale: Locale): string {
  return html.replace(/<a\b([^>]*)>([\s\S]*?)<\/a>/gi, (whole, attrs: string, inner: string) => {
    const tag = `<a${attrs}>`;
    const href = attribute(tag, "href");
    const hreflang = asLocale(attribute(tag, "hreflang"));
    let target: Locale | null = hreflang;
    if (!target && href && href.startsWith("/") && !href.startsWith("//") && !NOT_PAGES.test(href)) {
      target = localeOfPath(href.split(/[?#]/)[0]);
    }
    if (!target || target === pageLocale) return whole;
    let open = tag;
    if (attribute(tag, "hreflang") === null) open = open.replace(/^<a\b/i, `<a hreflang="${target}"`);
    if (attribute(tag, "lang") === null) open = open.replace(/^<a\b/i, `<a lang="${target}"`);
    const marker = languageMarker(pageLocale, target);
    return `${open}${inner}</a>${marker ? ` <span class="lang-note">${marker}</span>` : ""}`;
  });
}
