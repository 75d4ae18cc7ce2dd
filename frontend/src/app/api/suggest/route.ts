/** As-you-type suggestions for the search box (the CMS's /search/suggest/, same origin). */
import { NextResponse, type NextRequest } from "next/server";
import { suggest } from "@/lib/api";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest) {
  const q = (request.nextUrl.searchParams.get("q") ?? "").slice(0, 200);
  const locale = request.nextUrl.searchParams.get("locale") === "es" ? "es" : "en";
  if (q.trim().length < 2) return NextResponse.json({ suggestions: [] });
  try {
    const data = await suggest(q, locale);
    return NextResponse.json({ suggestions: data?.suggestions ?? [] }, { headers: { "Cache-Control": "public, max-age=60" } });
  } catch {
    return NextResponse.json({ suggestions: [] }, { status: 503 });
  }
}
