import { DataPage, dataMetadata } from "@/components/DataPages";

export function generateMetadata() {
  return dataMetadata("en", null);
}

export default function DataIndex() {
  return <DataPage locale="en" slug={null} />;
}
