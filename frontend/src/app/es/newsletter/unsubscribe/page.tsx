import { TokenPage, tokenPageMetadata, type TokenPageProps } from "@/app/newsletter/TokenPage";

export const metadata = tokenPageMetadata("unsubscribe", "es");

export default function Page({ searchParams }: TokenPageProps) {
  return <TokenPage action="unsubscribe" locale="es" searchParams={searchParams} />;
}
