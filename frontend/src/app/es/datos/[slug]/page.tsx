import { DataPage, dataMetadata } from "@/components/DataPages";
import { safeDecode } from "@/lib/indicators";

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props) {
  return dataMetadata("es", safeDecode((await params).slug));
}

/** ?geography= (repeatable): the places the reader chose to compare. */
export default async function Indicador({ params, searchParams }: Props) {
  const slug = safeDecode((await params).slug);
  return <DataPage locale="es" slug={slug} geography={(await searchParams).geography} />;
}
