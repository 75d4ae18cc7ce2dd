import { TokenPage, tokenPageMetadata, type TokenPageProps } from "@/app/newsletter/TokenPage";

export const metadata = tokenPageMetadata("unsubscribe", "en");

export default function Page({ searchParams }: TokenPageProps) {
  return <TokenPage action="unsubscribe" locale="en" searchParams={searchParams} />;
}
