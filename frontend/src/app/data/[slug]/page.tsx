import { DataPage, dataMetadata } from "@/components/DataPages";
import { safeDecode } from "@/lib/indicators";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props) {
  return dataMetadata("en", safeDecode((await params).slug));
}

export default async function Indicator({ params }: Props) {
  return <DataPage locale="en" slug={safeDecode((await params).slug)} />;
}
