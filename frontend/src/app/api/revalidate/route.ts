/**
 * POST /api/revalidate: the CMS's publish webhook (Standard Webhooks). A valid,
 * fresh, first-seen message revalidates exactly the paths it names, or everything
 * when it says site_wide.
 */
import { revalidatePath } from "next/cache";
import { NextResponse, type NextRequest } from "next/server";
import { pathsToRevalidate, ReplayGuard, verifyWebhook, type WebhookEvent } from "@/lib/webhook";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const guard = new ReplayGuard();

export async function POST(request: NextRequest) {
  const body = new Uint8Array(await request.arrayBuffer());
  const verdict = verifyWebhook(
    process.env.REVALIDATE_SECRET ?? "",
    {
      id: request.headers.get("webhook-id"),
      timestamp: request.headers.get("webhook-timestamp"),
      signature: request.headers.get("webhook-signature"),
    },
    body,
    guard,
  );
  if (!verdict.ok) return NextResponse.json({ error: verdict.reason }, { status: 401 });
  let event: WebhookEvent;
  try {
    event = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body)) as WebhookEvent;
    if (typeof event !== "object" || event === null || Array.isArray(event)) throw new Error("not an object");
  } catch {
    return NextResponse.json({ error: "the body is not a JSON object" }, { status: 400 });
  }
  const paths = pathsToRevalidate(event);
  const siteWide = event.site_wide === true;
  if (siteWide) {
    revalidatePath("/", "layout");
  } else {
    for (const path of paths) {
      revalidatePath(path);
      if (path.length > 1 && path.endsWith("/")) revalidatePath(path.slice(0, -1));
    }
  }
  return NextResponse.json({ revalidated: paths, site_wide: siteWide });
}
