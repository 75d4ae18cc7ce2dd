// Lighthouse CI budgets (median of 3 runs) on the home page, a report and the search page.
// bin/ci sets FE_URL and CHROME_PATH (Debian's Chromium) and keeps the reports in LHCI_DIR.
//
// Lighthouse's desktop preset by default. LH_PRESET=mobile runs its mobile emulation
// (4x CPU slowdown, slow 4G): there the pages meet LCP, CLS and accessibility but not
// yet total blocking time (about 300-560 ms, React's hydration of the App Router).
const base = process.env.FE_URL || "http://127.0.0.1:3100";
const preset = process.env.LH_PRESET === "mobile" ? {} : { preset: "desktop" };

module.exports = {
  ci: {
    collect: {
      url: [
        `${base}/`,
        `${base}/business-insights/brochures-and-reports/metro-hartford-progress-points-third-edition/`,
        `${base}/search/?q=millennials`,
      ],
      numberOfRuns: 3,
      chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
      settings: {
        chromeFlags: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
        ].join(" "),
        onlyCategories: ["performance", "accessibility"],
        ...preset,
      },
    },
    assert: {
      assertions: {
        "largest-contentful-paint": ["error", { maxNumericValue: 2500, aggregationMethod: "median" }],
        "cumulative-layout-shift": ["error", { maxNumericValue: 0.1, aggregationMethod: "median" }],
        "total-blocking-time": ["error", { maxNumericValue: 200, aggregationMethod: "median" }],
        "categories:accessibility": ["error", { minScore: 1, aggregationMethod: "median" }],
      },
    },
    upload: { target: "filesystem", outputDir: process.env.LHCI_DIR || ".lighthouseci/reports" },
  },
};
