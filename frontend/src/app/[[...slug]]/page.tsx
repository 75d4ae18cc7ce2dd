import type { Metadata } from "next";
import { notFound, permanentRedirect, redirect } from "next/navigation";
import { Chrome, loadChrome, type Alternate } from "@/components/Chrome";
import { childrenPageNumber, childrenPages, PageView, pdfSections, type ChildrenPage } from "@/components/Pages";
import { PreviewBanner, PreviewProblem } from "@/components/Preview";
import { Unavailable } from "@/components/Unavailable";
import { ApiUnavailableError, listChildren, type PageDetail } from "@/lib/api";
import { localeOfPath, t, type Locale } from "@/lib/i18n";
import { loadPage, pathFromSlug } from "@/lib/load";
import { SITE_URL } from "@/lib/site-url";
import NotFound, { metadata as notFoundMetadata } from "../not-found";

type Props = {
  params: Promise<{ slug?: string[] }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

function alternatesOf(page: PageDetail): Alternate[] {
  return page.translations
    .filter((tr): tr is typeof tr & { path: string } => Boolean(tr.path) && (tr.locale === "en" || tr.locale === "es"))
    .map((tr) => ({ locale: tr.locale as Locale, path: tr.path }));
}

/** A landing's `?page=N` beyond the first: its cards from the listing, else nothing. */
async function laterChildren(page: PageDetail, raw: unknown): Promise<ChildrenPage | undefined> {
  if (!("children_total" in page)) return undefined;
  const number = childrenPageNumber(page, raw);
  if (number === 1) return undefined;
  const size = page.children.length;
  const list = await listChildren(page.id, (number - 1) * size, size);
  if (!list?.items.length) return undefined; // fewer children than when the link was made
  return { number, pages: childrenPages({ ...page, children_total: list.count }), cards: list.items };
}

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const path = pathFromSlug((await params).slug);
  let loaded;
  try {
    loaded = await loadPage(path);
  } catch (error) {
    if (error instanceof ApiUnavailableError) {
      return { title: t(localeOfPath(path)).unavailableTitle, robots: { index: false } };
    }
    return {};
  }
  if (loaded.kind === "not-found") return notFoundMetadata;
  if (loaded.kind !== "page") return {};
  const page = loaded.page;
  const languages: Record<string, string> = {};
  for (const alt of alternatesOf(page)) languages[alt.locale] = `${SITE_URL}${alt.path}`;
  const english = alternatesOf(page).find((a) => a.locale === "en");
  if (english) languages["x-default"] = `${SITE_URL}${english.path}`;
  // A landing's later page of children is a page of its own: its number in the title,
  // and itself as the canonical URL (not page 1, which would hide its cards from search).
  const number = "children_total" in page ? childrenPageNumber(page, (await searchParams).page) : 1;
  const at = number > 1 ? `?page=${number}` : "";
  const name = page.seo_title || page.title;
  const title =
    number > 1 && "children_total" in page
      ? `${name} — ${t(localeOfPath(path)).pageOf(number, childrenPages(page))}`
      : name;
  const description = page.search_description || page.listing_summary || undefined;
  // The page's social image, else its listing image, else the site's default card.
  const image = page.social_image ?? page.listing_image;
  const rendition = image?.renditions.filter((r) => r.format !== "webp").at(-1);
  const images = rendition
    ? [{ url: rendition.url, width: rendition.width, height: rendition.height, alt: image?.alt ?? "" }]
    : [{ url: `${SITE_URL}/og-default.png`, width: 1200, height: 630, alt: "MetroHartford Alliance" }];
  return {
    title: page.type === "home.HomePage" ? { absolute: title } : title,
    description,
    openGraph: {
      type: "website",
      siteName: "MetroHartford Alliance",
      title,
      description,
      url: `${SITE_URL}${page.path ?? path}${at}`,
      locale: localeOfPath(path) === "es" ? "es_US" : "en_US",
      images,
    },
    twitter: { card: "summary_large_image", title, description, images: images.map((i) => i.url) },
    alternates: { canonical: `${SITE_URL}${page.path ?? path}${at}`, languages },
    robots: loaded.draft ? { index: false, follow: false } : undefined,
  };
}

export default async function CatchAll({ params, searchParams }: Props) {
  const path = pathFromSlug((await params).slug);
  const locale = localeOfPath(path);
  let loaded;
  try {
    loaded = await loadPage(path);
  } catch (error) {
    // An unreachable or slow CMS: the friendly page, never a stack trace. proxy.ts has
    // made it a 503 with Retry-After (a page cannot set its own status).
    if (error instanceof ApiUnavailableError) return <Unavailable locale={locale} path={path} />;
    throw error;
  }
  switch (loaded.kind) {
    case "not-found":
      // proxy.ts found the path unknown and set the 404 already: the not-found page is
      // rendered here, on the server, so it reads without JavaScript. notFound() would
      // send Next's empty error shell (see proxy.ts); it remains for a page rendered
      // without the proxy's answer, where it is the only way to a 404.
      if (loaded.answered) return <NotFound />;
      notFound();
    case "redirect":
      if (loaded.permanent) permanentRedirect(loaded.location);
      redirect(loaded.location);
    case "preview-expired":
    case "preview-forged": {
      const { nav, site } = await loadChrome(locale);
      return (
        <Chrome locale={locale} nav={nav} site={site} banner={<PreviewBanner locale={locale} path={path} />}>
          <PreviewProblem locale={locale} kind={loaded.kind === "preview-expired" ? "expired" : "forged"} />
        </Chrome>
      );
    }
    case "page": {
      const { page, draft } = loaded;
      const [{ nav, site }, sections] = await Promise.all([
        loadChrome(locale),
        page.type === "reports.ReportPage" ? pdfSections(page, locale) : Promise.resolve([]),
      ]);
      const query = await searchParams;
      const hartbeat = query.hartbeat;
      const childrenPage = await laterChildren(page, query.page);
      return (
        <Chrome
          locale={locale}
          nav={nav}
          site={site}
          alternates={alternatesOf(page)}
          currentPath={page.path ?? path}
          banner={draft ? <PreviewBanner locale={locale} path={path} /> : undefined}
        >
          <PageView
            page={page}
            locale={locale}
            sections={sections}
            childrenPage={childrenPage}
            newsletter={
              site ? { ...site.newsletter, status: typeof hartbeat === "string" ? hartbeat : undefined } : undefined
            }
          />
        </Chrome>
      );
    }
  }
}
