import type { Locale } from "@/lib/i18n";
import { markForeignLinks } from "@/lib/links";

/**
 * Rich text from the CMS: HTML written by editors in Wagtail's editor and rendered by
 * the CMS (page links already public paths). It is trusted as the CMS's own output.
 * Given the page's language, links to pages only in the other language are marked
 * (`lang`, `hreflang` and a visible "(en inglés)").
 */
export function RichText({ html, className, locale }: { html: string; className?: string; locale?: Locale }) {
  if (!html) return null;
  const markup = locale ? markForeignLinks(html, locale) : html;
  return <div className={className ? `rich-text ${className}` : "rich-text"} dangerouslySetInnerHTML={{ __html: markup }} />;
}
