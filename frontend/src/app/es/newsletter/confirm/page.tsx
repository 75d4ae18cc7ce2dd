import { TokenPage, tokenPageMetadata, type TokenPageProps } from "@/app/newsletter/TokenPage";

export const metadata = tokenPageMetadata("confirm", "es");

export default function Page({ searchParams }: TokenPageProps) {
  return <TokenPage action="confirm" locale="es" searchParams={searchParams} />;
}
