/** The "Confirm my subscription" button of /newsletter/confirm posts here (lib/newsletter.ts). */
import { handleTokenForm } from "@/lib/newsletter";

export const dynamic = "force-dynamic";

export function POST(request: Request) {
  return handleTokenForm("confirm", request);
}
