/**
 * What the catch-all page shows for a path: the published page (one routing call),
 * or, in draft mode, the editor's unsaved page from the preview token.
 *
 * The routing call is normally made by proxy.ts, before the page renders, because only
 * there can a 404 or a 503 be answered with its status *and* a page that reads without
 * JavaScript (see proxy.ts). The proxy hands its answer to the page through this
 * process's memory (`handOff`, `takeHandOff`), so the CMS is still asked once per view.
 */
import { cookies, draftMode, headers } from "next/headers";
import { cache } from "react";
import { ApiUnavailableError, previewPage, routePath, type PageDetail, type RouteResult } from "./api";

export const PREVIEW_TOKEN_COOKIE = "mha_preview_token";
export const PREVIEW_PATH_COOKIE = "mha_preview_path";
/** The request header by which proxy.ts names its hand-off. */
export const HANDOFF_HEADER = "x-mha-handoff";
/**
 * Set by proxy.ts when the CMS did not answer: nothing else in this request asks it
 * (Next renders not-found.tsx into every page's payload, as its not-found boundary, and
 * its navigation would wait for the timeout once more).
 */
export const CMS_DOWN_HEADER = "x-mha-cms-down";

export type Loaded =
  | { kind: "page"; page: PageDetail; draft: boolean }
  | { kind: "redirect"; location: string; permanent: boolean }
  /** `answered`: proxy.ts has already set the response's status to 404. */
  | { kind: "not-found"; answered: boolean }
  | { kind: "preview-expired" }
  | { kind: "preview-forged" };

/** The proxy's routing answer for one request: the CMS's, or "down" (slow or failing). */
export type HandedOff = RouteResult | { kind: "unavailable" };

/** `key` names what was asked (a page's path, a search), so a page reads only its own answer. */
type Entry = { key: string; result: unknown; expires: number };
/** An answer no page has read is dropped after this; one that was read, soon after. */
const UNREAD_MS = 30_000;
const READ_MS = 5_000;

// On globalThis: proxy.ts and the pages are separate bundles in one Node process, each
// with its own copy of this module.
const handOffs: Map<string, Entry> = ((globalThis as { __mhaHandOffs?: Map<string, Entry> }).__mhaHandOffs ??=
  new Map());

/** Keep the proxy's answer for the page that renders the same request; returns its id. */
export function handOff<T = HandedOff>(key: string, result: T): string {
  const now = Date.now();
  for (const [id, entry] of handOffs) if (entry.expires < now) handOffs.delete(id);
  const id = crypto.randomUUID();
  handOffs.set(id, { key, result, expires: now + UNREAD_MS });
  return id;
}

/**
 * The proxy's answer for this request, if it was for `key` (a path, a search). Undefined
 * when there is none (the page is rendered by another process than the proxy ran in, or
 * the keys differ): the page then asks the CMS itself. It stays readable for a few
 * seconds, not just once: the page and its streamed metadata may each read it.
 */
export function takeHandOff<T = HandedOff>(id: string | null, key: string): T | undefined {
  if (!id) return undefined;
  const entry = handOffs.get(id);
  if (!entry || entry.key !== key || entry.expires < Date.now()) return undefined;
  entry.expires = Math.min(entry.expires, Date.now() + READ_MS);
  return entry.result as T;
}

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
  // In draft mode too: proxy.ts routes every path but the previewed one, uncached.
  const handed = takeHandOff((await headers()).get(HANDOFF_HEADER), path);
  if (handed?.kind === "unavailable") throw new ApiUnavailableError(`route ${path}: the proxy found the CMS down`);
  const routed = handed ?? (await routePath(path, draft ? "fresh" : "published"));
  if (routed.kind === "page") return { kind: "page", page: routed.page, draft };
  if (routed.kind === "not-found") return { kind: "not-found", answered: handed !== undefined };
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
