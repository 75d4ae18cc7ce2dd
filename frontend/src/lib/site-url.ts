/** The front end's public origin, for canonical links, hreflang and the sitemap. */
export const SITE_URL = (process.env.SITE_URL ?? process.env.FRONTEND_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
