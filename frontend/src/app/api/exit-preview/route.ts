import { cookies, draftMode } from "next/headers";
import type { NextRequest } from "next/server";
import { PREVIEW_PATH_COOKIE, PREVIEW_TOKEN_COOKIE } from "@/lib/load";
import { localRedirect, safePath } from "@/lib/paths";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest) {
  (await draftMode()).disable();
  const jar = await cookies();
  jar.delete(PREVIEW_TOKEN_COOKIE);
  jar.delete(PREVIEW_PATH_COOKIE);
  return localRedirect(safePath(request.nextUrl.searchParams.get("path")));
}
