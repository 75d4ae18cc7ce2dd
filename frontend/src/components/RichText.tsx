/**
 * Rich text from the CMS: HTML written by editors in Wagtail's editor and rendered by
 * the CMS (page links already public paths). It is trusted as the CMS's own output.
 */
export function RichText({ html, className }: { html: string; className?: string }) {
  if (!html) return null;
  return <div className={className ? `rich-text ${className}` : "rich-text"} dangerouslySetInnerHTML={{ __html: html }} />;
}
