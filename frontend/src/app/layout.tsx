import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import { SITE_URL } from "@/lib/site-url";
import "./globals.css";

export const metadata: Metadata = {
  metadataBase: new URL(SITE_URL),
  title: { default: "MetroHartford Alliance", template: "%s | MetroHartford Alliance" },
  openGraph: { siteName: "MetroHartford Alliance", images: [{ url: "/og-default.png", width: 1200, height: 630 }] },
  twitter: { card: "summary_large_image", images: ["/og-default.png"] },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0a2240" };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // proxy.ts names the language of the path; <html lang> follows it.
  const lang = (await headers()).get("x-mha-locale") === "es" ? "es" : "en";
  return (
    <html lang={lang}>
      <body>{children}</body>
    </html>
  );
}
