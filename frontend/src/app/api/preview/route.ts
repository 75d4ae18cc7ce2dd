/**
 * The CMS's preview panel loads {FRONTEND_URL}/api/preview?token=…&path=…: turn on draft
 * mode, keep the token in a cookie and show the path. The token is checked when the
 * page is fetched (/api/v3/preview/), so an expired or forged one gets its own page.
 */
import { cookies, draftMode } from "next/headers";
import { NextResponse, type NextRequest } from "next/server";
import { PREVIEW_PATH_COOKIE, PREVIEW_TOKEN_COOKIE } from "@/lib/load";
import { localRedirect, safePath } from "@/lib/paths";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest) {
  const token = request.nextUrl.searchParams.get("token");
  const path = safePath(request.nextUrl.searchParams.get("path"));
  if (!token) return NextResponse.json({ error: "token is required" }, { status: 400 });
  (await draftMode()).enable();
  const jar = await cookies();
  const options = { httpOnly: true, sameSite: "lax" as const, path: "/", secure: request.nextUrl.protocol === "https:" };
  jar.set(PREVIEW_TOKEN_COOKIE, token, options);
  jar.set(PREVIEW_PATH_COOKIE, path, options);
  return localRedirect(path);
}
