import { SearchView } from "@/components/SearchView";
import type { RawParams } from "@/lib/search";
import { SITE_URL } from "@/lib/site-url";

export const metadata = {
  title: "Búsqueda",
  alternates: { canonical: `${SITE_URL}/es/buscar/`, languages: { en: `${SITE_URL}/search/`, es: `${SITE_URL}/es/buscar/`, "x-default": `${SITE_URL}/search/` } },
};

export default async function BuscarPage({ searchParams }: { searchParams: Promise<RawParams> }) {
  return <SearchView locale="es" raw={await searchParams} />;
}
