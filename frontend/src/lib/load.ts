/**
 * What the catch-all page shows for a path: the published page (one routing call),
 * or, in draft mode, the editor's unsaved page from the preview token.
 */
import { cookies, draftMode } from "next/headers";
import { cache } from "react";
import { previewPage, routePath, type PageDetail } from "./api";

export const PREVIEW_TOKEN_COOKIE = "mha_preview_token";
export const PREVIEW_PATH_COOKIE = "mha_preview_path";

export type Loaded =
  | { kind: "page"; page: PageDetail; draft: boolean }
  | { kind: "redirect"; location: string; permanent: boolean }
  | { kind: "not-found" }
  | { kind: "preview-expired" }
  | { kind: "preview-forged" };

/** Memoised per request, so generateMetadata and the page share one routing call. */
export const loadPage = cache(async (path: string): Promise<Loaded> => {
  const draft = (await draftMode()).isEnabled;
  if (draft) {
    const jar = await cookies();
    const token = jar.get(PREVIEW_TOKEN_COOKIE)?.value;
    const previewPath = jar.get(PREVIEW_PATH_COOKIE)?.value;
    if (token && previewPath === path) {
      const preview = await previewPage(token);
      if (preview.kind === "expired") return { kind: "preview-expired" };
      if (preview.kind === "forged") return { kind: "preview-forged" };
      return { kind: "page", page: preview.page, draft: true };
    }
  }
  const routed = await routePath(path, draft ? "fresh" : "published");
  if (routed.kind === "page") return { kind: "page", page: routed.page, draft };
  return routed;
});

/** The catch-all's segments as the API's path, with its trailing slash. */
export function pathFromSlug(slug: string[] | undefined): string {
  if (!slug || slug.length === 0) return "/";
  const segments = slug.map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  return `/${segments.join("/")}/`;
}
