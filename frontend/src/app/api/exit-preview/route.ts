import { draftMode } from "next/headers";
import { NextResponse, type NextRequest } from "next/server";
import { PREVIEW_PATH_COOKIE, PREVIEW_TOKEN_COOKIE } from "@/lib/load";
import { safePath } from "@/lib/paths";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest) {
  (await draftMode()).disable();
  const path = safePath(request.nextUrl.searchParams.get("path"));
  const response = NextResponse.redirect(new URL(path, request.nextUrl.origin), 307);
  response.cookies.delete(PREVIEW_TOKEN_COOKIE);
  response.cookies.delete(PREVIEW_PATH_COOKIE);
  response.headers.set("Cache-Control", "private, no-store");
  return response;
}
