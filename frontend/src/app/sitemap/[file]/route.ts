import { ApiUnavailableError, pageSource } from "@/lib/api";
import { parseFileName, sitemapFile } from "@/lib/sitemap";
import { SITE_URL } from "@/lib/site-url";
import { unavailable } from "../../sitemap.xml/route";

export const dynamic = "force-dynamic";

/** One file of the sitemap index: /sitemap/en-0.xml, /sitemap/es-1.xml… */
export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }): Promise<Response> {
  const file = parseFileName((await params).file);
  const notFound = () => new Response("No such sitemap.\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  if (!file) return notFound();
  try {
    const body = await sitemapFile(pageSource, SITE_URL, file);
    if (body === null) return notFound();
    return new Response(body, { headers: { "Content-Type": "application/xml; charset=utf-8" } });
  } catch (error) {
    if (error instanceof ApiUnavailableError) return unavailable();
    throw error;
  }
}
