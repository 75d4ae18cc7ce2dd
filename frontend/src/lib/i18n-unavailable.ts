/**
 * The words of the "briefly unavailable" page, apart from the other strings because the
 * error boundary (src/app/error.tsx) is a client component on every page: it ships these
 * few, not the whole dictionary. src/lib/i18n.ts spreads them into its own.
 */
/** English at /…, Spanish at /es/… (here, not in i18n.ts, so the error pages can use it). */
export function localeOfPath(path: string): "en" | "es" {
  return path === "/es" || path.startsWith("/es/") ? "es" : "en";
}

export const unavailableStrings = {
  en: {
    skip: "Skip to main content",
    unavailableTitle: "The site is briefly unavailable",
    unavailableText:
      "We could not load this page just now. Please try again in a minute; nothing is wrong on your side.",
    tryAgain: "Try again",
  },
  es: {
    skip: "Saltar al contenido principal",
    unavailableTitle: "El sitio no está disponible por un momento",
    unavailableText: "No pudimos cargar esta página ahora. Inténtelo de nuevo en un minuto; el problema no es suyo.",
    tryAgain: "Intentar de nuevo",
  },
};
