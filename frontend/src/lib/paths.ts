/** A local path to send a visitor back to: never another origin; always with the trailing slash. */
export function safePath(raw: string | null): string {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.includes("\\")) return "/";
  const [pathname] = raw.split(/[?#]/, 1);
  return pathname.endsWith("/") ? pathname : `${pathname}/`;
}
