import { beforeEach, describe, expect, it, vi } from "vitest";
import fixtures from "../fixtures/pages.json";
import type { PageDetail } from "@/lib/api";

// The catch-all route's metadata, with the CMS's answer given: a landing with 50
// children, of which its detail carries 24.
const loaded = vi.hoisted(() => ({ page: undefined as unknown }));
vi.mock("@/lib/load", async (original) => ({
  ...(await original<typeof import("@/lib/load")>()),
  loadPage: async () => ({ kind: "page", page: loaded.page, draft: false }),
}));

const { generateMetadata } = await import("@/app/[[...slug]]/page");

type Landing = Extract<PageDetail, { type: "reports.ReportIndexPage" }>;
const base = (fixtures as unknown as Record<string, PageDetail>)["reports.ReportIndexPage"] as Landing;

async function metadataOf(page: Landing, query: Record<string, string | undefined>) {
  loaded.page = page;
  const slug = (page.path ?? "/").split("/").filter(Boolean);
  return generateMetadata({ params: Promise.resolve({ slug }), searchParams: Promise.resolve(query) });
}

describe("a landing's later pages of children", () => {
  const landing: Landing = { ...base, children: Array(24).fill(base.children[0]), children_total: 50 };
  beforeEach(() => {
    loaded.page = undefined;
  });

  it("name their number in the title and are their own canonical URL", async () => {
    const meta = await metadataOf(landing, { page: "2" });
    expect(meta.title).toBe(`${landing.seo_title || landing.title} — Page 2 of 3`);
    expect(String(meta.alternates?.canonical)).toMatch(new RegExp(`${landing.path}\\?page=2$`));
  });

  it("leave the first page as it was, and a page that does not exist as the first", async () => {
    for (const query of [{}, { page: "1" }, { page: "9" }, { page: "x" }] as Record<string, string>[]) {
      const meta = await metadataOf(landing, query);
      expect(meta.title).toBe(landing.seo_title || landing.title);
      expect(String(meta.alternates?.canonical)).toMatch(new RegExp(`${landing.path}$`));
    }
  });
});
