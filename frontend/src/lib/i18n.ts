/** The two languages of the site: English at /…, Spanish at /es/…. */
export type Locale = "en" | "es";
export const LOCALES: Locale[] = ["en", "es"];

export function localeOfPath(path: string): Locale {
  return path === "/es" || path.startsWith("/es/") ? "es" : "en";
}

export const intlLocale: Record<Locale, string> = { en: "en-US", es: "es-US" };

export const searchPath: Record<Locale, string> = { en: "/search/", es: "/es/buscar/" };
export const homePath: Record<Locale, string> = { en: "/", es: "/es/" };

const en = {
  skip: "Skip to main content",
  menu: "Main menu",
  breadcrumbs: "Breadcrumbs",
  language: "Language",
  languageSwitchLabel: "Leer en español",
  footer: "Footer",
  search: "Search",
  searchSite: "Search the site",
  searchButton: "Search",
  searchHeading: "Search",
  resultsNone: "No results",
  filters: "Filters",
  apply: "Apply filters",
  activeFilters: "Active filters",
  removeFilter: "Remove filter",
  clearAll: "Clear all filters",
  didYouMean: "Did you mean",
  pdfPage: "PDF, page",
  promoted: "Recommended",
  facetType: "Type",
  facetTheme: "Theme",
  facetIndustry: "Industry",
  facetInitiative: "Initiative",
  facetReportType: "Report type",
  facetYear: "Year",
  previous: "Previous page",
  next: "Next page",
  downloadPdf: "Download the full report",
  openAtPage: "Open the PDF at page",
  inThePdf: "Sections of the PDF",
  onThisPage: "On this page",
  source: "Source",
  showData: "Data for this chart",
  comparison: "Comparison",
  value: "Value",
  indicator: "Indicator",
  themes: "Themes",
  partners: "Partners",
  relatedInitiatives: "Related initiatives",
  relatedReports: "Related reports",
  relatedIndustries: "Related industries",
  priorities: "Priorities",
  keyFigures: "Key figures",
  majorEmployers: "Major employers",
  employees: "regional employees",
  strengths: "Strengths",
  contact: "Contact",
  website: "Website",
  published: "Published",
  notFoundTitle: "Page not found",
  notFoundText: "We could not find that page. It may have moved or been unpublished.",
  goHome: "Go to the home page",
  unavailableTitle: "The site is briefly unavailable",
  unavailableText:
    "We could not load this page just now. Please try again in a minute; nothing is wrong on your side.",
  tryAgain: "Try again",
  previewBanner: "Preview: you are looking at an unpublished draft.",
  exitPreview: "Exit preview",
  previewExpiredTitle: "This preview link has expired",
  previewExpiredText: "Press Preview again in the editor to get a new link.",
  previewForgedTitle: "This preview link is not valid",
  previewForgedText: "The link may have been copied incompletely. Ask for a new one from the editor.",
  newsletterEmail: "Email address",
  newsletterSubmit: "Subscribe",
  newsletterSent: "Thank you! Check your inbox: we sent you a link to confirm your subscription.",
  newsletterInvalid: "Please enter a valid email address and tick the consent box.",
  newsletterBusy: "Too many sign-ups just now. Please try again in a minute.",
  newsletterError: "Sorry, we could not sign you up just now. Please try again later.",
  suggestions: "Suggestions",
  results: (n: number) => `${n === 0 ? "No" : numberWords("en", n)} result${n === 1 ? "" : "s"}`,
  resultsFor: "for",
  /** Too many matches to count: the API's estimate. */
  about: (n: number) => `About ${new Intl.NumberFormat("en-US").format(n)} results`,
  pageOf: (page: number, pages: number) => `Page ${page} of ${pages}`,
  kinds: {
    initiative: "Initiatives",
    report: "Reports",
    industry: "Industries",
    page: "Pages",
    document: "Report PDFs",
    organisation: "Partners",
    person: "People",
  } as Record<string, string>,
  kind: {
    initiative: "Initiative",
    report: "Report",
    industry: "Industry",
    page: "Page",
    document: "Report PDF",
    organisation: "Partner",
    person: "Person",
    link: "Link",
  } as Record<string, string>,
};

type Strings = typeof en;

const es: Strings = {
  skip: "Saltar al contenido principal",
  menu: "Menú principal",
  breadcrumbs: "Ruta de navegación",
  language: "Idioma",
  languageSwitchLabel: "Read in English",
  footer: "Pie de página",
  search: "Buscar",
  searchSite: "Buscar en el sitio",
  searchButton: "Buscar",
  searchHeading: "Búsqueda",
  resultsNone: "Sin resultados",
  filters: "Filtros",
  apply: "Aplicar filtros",
  activeFilters: "Filtros activos",
  removeFilter: "Quitar filtro",
  clearAll: "Quitar todos los filtros",
  didYouMean: "Quizás quiso decir",
  pdfPage: "PDF, página",
  promoted: "Recomendado",
  facetType: "Tipo",
  facetTheme: "Tema",
  facetIndustry: "Industria",
  facetInitiative: "Iniciativa",
  facetReportType: "Tipo de informe",
  facetYear: "Año",
  previous: "Página anterior",
  next: "Página siguiente",
  downloadPdf: "Descargar el informe completo",
  openAtPage: "Abrir el PDF en la página",
  inThePdf: "Secciones del PDF",
  onThisPage: "En esta página",
  source: "Fuente",
  showData: "Datos de este gráfico",
  comparison: "Comparación",
  value: "Valor",
  indicator: "Indicador",
  themes: "Temas",
  partners: "Socios",
  relatedInitiatives: "Iniciativas relacionadas",
  relatedReports: "Informes relacionados",
  relatedIndustries: "Industrias relacionadas",
  priorities: "Prioridades",
  keyFigures: "Cifras clave",
  majorEmployers: "Principales empleadores",
  employees: "empleados en la región",
  strengths: "Fortalezas",
  contact: "Contacto",
  website: "Sitio web",
  published: "Publicado",
  notFoundTitle: "Página no encontrada",
  notFoundText: "No encontramos esa página. Puede que se haya movido o despublicado.",
  goHome: "Ir a la página de inicio",
  unavailableTitle: "El sitio no está disponible por un momento",
  unavailableText:
    "No pudimos cargar esta página ahora. Inténtelo de nuevo en un minuto; el problema no es suyo.",
  tryAgain: "Intentar de nuevo",
  previewBanner: "Vista previa: está viendo un borrador sin publicar.",
  exitPreview: "Salir de la vista previa",
  previewExpiredTitle: "Este enlace de vista previa ha caducado",
  previewExpiredText: "Pulse de nuevo Vista previa en el editor para obtener un enlace nuevo.",
  previewForgedTitle: "Este enlace de vista previa no es válido",
  previewForgedText: "Puede que el enlace se haya copiado incompleto. Pida uno nuevo desde el editor.",
  newsletterEmail: "Correo electrónico",
  newsletterSubmit: "Suscribirse",
  newsletterSent:
    "¡Gracias! Revise su bandeja de entrada: le enviamos un enlace para confirmar la suscripción.",
  newsletterInvalid: "Escriba un correo electrónico válido y marque la casilla de consentimiento.",
  newsletterBusy: "Demasiadas suscripciones en este momento. Inténtelo de nuevo en un minuto.",
  newsletterError: "No pudimos suscribirle ahora. Inténtelo de nuevo más tarde.",
  suggestions: "Sugerencias",
  results: (n: number) => `${n === 0 ? "Ningún" : numberWords("es", n)} resultado${n === 1 ? "" : "s"}`,
  resultsFor: "para",
  about: (n: number) => `Unos ${new Intl.NumberFormat("es-US").format(n)} resultados`,
  pageOf: (page: number, pages: number) => `Página ${page} de ${pages}`,
  kinds: {
    initiative: "Iniciativas",
    report: "Informes",
    industry: "Industrias",
    page: "Páginas",
    document: "PDF de informes",
    organisation: "Socios",
    person: "Personas",
  },
  kind: {
    initiative: "Iniciativa",
    report: "Informe",
    industry: "Industria",
    page: "Página",
    document: "PDF del informe",
    organisation: "Socio",
    person: "Persona",
    link: "Enlace",
  },
};

export const strings: Record<Locale, Strings> = { en, es };

export function t(locale: Locale): Strings {
  return strings[locale];
}

const wordsEn = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
  "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"];
const wordsEs = ["cero", "un", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez",
  "once", "doce", "trece", "catorce", "quince", "dieciséis", "diecisiete", "dieciocho", "diecinueve", "veinte"];

/** A count in words ("Three results"), as digits past twenty, capitalised. */
export function numberWords(locale: Locale, n: number): string {
  const words = locale === "es" ? wordsEs : wordsEn;
  const word = n >= 0 && n <= 20 ? words[n] : new Intl.NumberFormat(intlLocale[locale]).format(n);
  return word.charAt(0).toUpperCase() + word.slice(1);
}
