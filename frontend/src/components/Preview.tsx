import { t, type Locale } from "@/lib/i18n";

export function PreviewBanner({ locale, path }: { locale: Locale; path: string }) {
  const s = t(locale);
  return (
    <div className="preview-banner" role="region" aria-label={s.previewBanner}>
      <p>
        <strong>{s.previewBanner}</strong>{" "}
        <a href={`/api/exit-preview?path=${encodeURIComponent(path)}`}>{s.exitPreview}</a>
      </p>
    </div>
  );
}

export function PreviewProblem({ locale, kind }: { locale: Locale; kind: "expired" | "forged" }) {
  const s = t(locale);
  return (
    <section className="problem" data-testid={`preview-${kind}`}>
      <h1>{kind === "expired" ? s.previewExpiredTitle : s.previewForgedTitle}</h1>
      <p>{kind === "expired" ? s.previewExpiredText : s.previewForgedText}</p>
    </section>
  );
}
