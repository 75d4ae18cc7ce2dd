"use client";
/**
 * The last resort, when the root layout itself fails: the same friendly words as
 * error.tsx, in a page of its own (it replaces the layout). Written here rather than left
 * to Next's built-in one, which ships its own styles to every page.
 */
import { usePathname } from "next/navigation";
import { localeOfPath, unavailableStrings } from "@/lib/i18n-unavailable";

export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const locale = localeOfPath(usePathname() ?? "/");
  const s = unavailableStrings[locale];
  return (
    <html lang={locale}>
      <body style={{ fontFamily: "system-ui, sans-serif", margin: "2rem auto", maxWidth: "40rem", padding: "0 1rem" }}>
        <main>
          <h1>{s.unavailableTitle}</h1>
          <p>{s.unavailableText}</p>
          <p>
            <button type="button" onClick={() => reset()}>
              {s.tryAgain}
            </button>
          </p>
        </main>
      </body>
    </html>
  );
}
