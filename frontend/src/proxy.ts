/**
 * Runs before every page: tells the root layout the language of the path (for
 * <html lang>).
 */
import { NextResponse, type NextRequest } from "next/server";

export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const headers = new Headers(request.headers);
  headers.set("x-mha-locale", pathname === "/es/" || pathname.startsWith("/es/") ? "es" : "en");
  headers.set("x-mha-path", pathname);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ["/((?!_next/|favicon.ico).*)"],
};
