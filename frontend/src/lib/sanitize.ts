/**
 * Search excerpts are HTML in which only <mark> may come through: everything is
 * escaped, then exactly "<mark>" and "</mark>" are restored. Attributes, other tags
 * and entities the API might send stay inert text.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", apos: "'", nbsp: "\u00a0" };

export function sanitizeExcerpt(html: string): string {
  // The API sends HTML-safe text: decode the few entities it may use first, so they are not escaped twice.
  const decoded = html.replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_, name: string) => ENTITIES[name]);
  const escaped = escapeHtml(decoded);
  let open = 0;
  const out = escaped.replace(/&lt;(\/?)mark&gt;/g, (_, slash: string) => {
    if (slash) {
      if (open === 0) return "";
      open -= 1;
      return "</mark>";
    }
    open += 1;
    return "<mark>";
  });
  return out + "</mark>".repeat(open);
}
