import { DataPage, dataMetadata } from "@/components/DataPages";
import { safeDecode } from "@/lib/indicators";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props) {
  return dataMetadata("es", safeDecode((await params).slug));
}

export default async function Indicador({ params }: Props) {
  return <DataPage locale="es" slug={safeDecode((await params).slug)} />;
}
