/**
 * The front end's public origin, for canonical links, hreflang and the sitemap: SITE_URL,
 * else FRONTEND_URL, else this server's own address (`next start` listens on PORT,
 * default 3000).
 */
export const SITE_URL = (
  process.env.SITE_URL ??
  process.env.FRONTEND_URL ??
  `http://127.0.0.1:${process.env.PORT || "3000"}`
).replace(/\/$/, "");
