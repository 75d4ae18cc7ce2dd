import { ApiUnavailableError, pageSource } from "@/lib/api";
import { sitemapIndex } from "@/lib/sitemap";
import { SITE_URL } from "@/lib/site-url";

export const dynamic = "force-dynamic";

/** The sitemap index: every language's files (src/lib/sitemap.ts). */
export async function GET(): Promise<Response> {
  try {
    return new Response(await sitemapIndex(pageSource, SITE_URL), {
      headers: { "Content-Type": "application/xml; charset=utf-8" },
    });
  } catch (error) {
    if (error instanceof ApiUnavailableError) return unavailable();
    throw error;
  }
}

export function unavailable(): Response {
  return new Response("The sitemap is briefly unavailable.\n", {
    status: 503,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "60" },
  });
}
