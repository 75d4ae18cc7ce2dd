/** The "Unsubscribe" button of /newsletter/unsubscribe posts here (lib/newsletter.ts). */
import { handleTokenForm } from "@/lib/newsletter";

export const dynamic = "force-dynamic";

export function POST(request: Request) {
  return handleTokenForm("unsubscribe", request);
}
