import { DataPage, dataMetadata } from "@/components/DataPages";

export function generateMetadata() {
  return dataMetadata("es", null);
}

export default function DatosIndex() {
  return <DataPage locale="es" slug={null} />;
}
