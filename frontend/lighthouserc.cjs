// Lighthouse CI budgets (median of 3 runs) on the home page, a report and the search page.
// bin/ci sets FE_URL and CHROME_PATH (Debian's Chromium) and keeps the reports in LHCI_DIR.
//
// Lighthouse's mobile emulation by default (a mid-range phone: 4x CPU slowdown, slow 4G),
// the budgets of the launch: LCP <= 2.5 s, TBT <= 200 ms, CLS <= 0.1, accessibility 1.
// LH_PRESET=desktop measures with the desktop preset instead.
const base = process.env.FE_URL || "http://127.0.0.1:3100";
const preset = process.env.LH_PRESET === "desktop" ? { preset: "desktop" } : {};

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
