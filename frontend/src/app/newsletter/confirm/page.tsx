import { TokenPage, tokenPageMetadata, type TokenPageProps } from "@/app/newsletter/TokenPage";

export const metadata = tokenPageMetadata("confirm", "en");

export default function Page({ searchParams }: TokenPageProps) {
  return <TokenPage action="confirm" locale="en" searchParams={searchParams} />;
}
