import { SearchView } from "@/components/SearchView";
import type { RawParams } from "@/lib/search";
import { SITE_URL } from "@/lib/site-url";

export const metadata = {
  title: "Search",
  alternates: { canonical: `${SITE_URL}/search/`, languages: { en: `${SITE_URL}/search/`, es: `${SITE_URL}/es/buscar/`, "x-default": `${SITE_URL}/search/` } },
};

export default async function SearchPage({ searchParams }: { searchParams: Promise<RawParams> }) {
  return <SearchView locale="en" raw={await searchParams} />;
}
