/** A local path to send a visitor back to: never another origin; always with the trailing slash. */
export function safePath(raw: string | null): string {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.includes("\\")) return "/";
  const [pathname] = raw.split(/[?#]/, 1);
  return pathname.endsWith("/") ? pathname : `${pathname}/`;
}

/**
 * A redirect to a local path with a relative Location: Next's request origin can name
 * "localhost" where the visitor used 127.0.0.1 (or a proxy's host), losing cookies.
 */
export function localRedirect(location: string, status: 303 | 307 = 307): Response {
  return new Response(null, { status, headers: { Location: location, "Cache-Control": "private, no-store" } });
}
