import { resolve } from "node:path";

export const FE_URL = process.env.FE_URL ?? "http://127.0.0.1:3100";
/** A second front end whose CMS never answers (the 503 page). */
export const FE_DOWN_URL = process.env.FE_DOWN_URL ?? "http://127.0.0.1:3101";
export const CMS_URL = process.env.CMS_URL ?? "http://127.0.0.1:8100";
export const REVALIDATE_SECRET = process.env.REVALIDATE_SECRET ?? "";
/** Set by bin/ci when the CMS delivers publish webhooks to the front end. */
export const WEBHOOKS = process.env.CMS_WEBHOOKS === "1";

export const REPORT_EN = "/business-insights/brochures-and-reports/metro-hartford-progress-points-third-edition/";
export const REPORT_ES = "/es/informacion-empresarial/folletos-e-informes/metro-hartford-progress-points-tercera-edicion/";

/** A sample indicator of the demo content (the data pages, issue 14), in each language. */
export const INDICATOR_EN = "/data/graduates-retained/";
export const INDICATOR_ES = "/es/datos/graduados-retenidos/";

/** One page of every type in both languages: the accessibility and validity sweep. */
export const PAGES = {
  "home (en)": "/",
  "home (es)": "/es/",
  "content (en)": "/you-belong-here/",
  "initiative index (en)": "/initiatives/",
  "initiative (en)": "/initiatives/hype/",
  "report index (en)": "/business-insights/brochures-and-reports/",
  "report (en)": REPORT_EN,
  "industry index (en)": "/key-industries/",
  "industry (en)": "/key-industries/health-sector/",
  "search (en)": "/search/?q=millennials",
  "search (es)": "/es/buscar/?q=millennials",
  "search with filter (en)": "/search/?q=millennials&type=report",
  "not found (en)": "/no-such-page/",
  "not found (es)": "/es/no-existe/",
  "content (es)": "/es/informacion-empresarial/",
  "initiative index (es)": "/es/iniciativas/",
  "initiative (es)": "/es/iniciativas/hype/",
  "report index (es)": "/es/informacion-empresarial/folletos-e-informes/",
  "report (es)": REPORT_ES,
  "data index (en)": "/data/",
  "data index (es)": "/es/datos/",
  "indicator (en)": INDICATOR_EN,
  "indicator (es)": INDICATOR_ES,
  "newsletter confirm (en)": "/newsletter/confirm?token=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  "newsletter unsubscribe (es)": "/es/newsletter/unsubscribe?token=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  "newsletter confirmed (en)": "/newsletter/confirm?status=confirmed",
  "newsletter link expired (es)": "/es/newsletter/confirm?status=expired",
  // The demo content has no Spanish industry pages yet.
};

/** The CMS's checkout and Python, for tests that need its shell (bin/ci sets its database). */
export const CMS_ROOT = process.env.CMS_ROOT ?? resolve(process.cwd(), "..");
export const CMS_PYTHON = process.env.CMS_PYTHON ?? resolve(CMS_ROOT, ".venv/bin/python");

/** Every page path of the sitemap: the index, then each of its files. */
export async function sitemapPaths(request: import("@playwright/test").APIRequestContext): Promise<string[]> {
  const index = await request.get("/sitemap.xml");
  if (index.status() !== 200) throw new Error(`/sitemap.xml: HTTP ${index.status()}`);
  const files = [...(await index.text()).matchAll(/<sitemap><loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
  const paths: string[] = [];
  for (const file of files) {
    const response = await request.get(file);
    if (response.status() !== 200) throw new Error(`${file}: HTTP ${response.status()}`);
    for (const m of (await response.text()).matchAll(/<url><loc>([^<]+)<\/loc>/g)) {
      paths.push(new URL(m[1].replace(/&amp;/g, "&")).pathname);
    }
  }
  return paths;
}
