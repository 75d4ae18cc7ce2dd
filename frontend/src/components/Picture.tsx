import type { Image } from "@/lib/api";

type Props = {
  image: Image;
  sizes: string;
  /** The page's largest image: load it at once (LCP). */
  priority?: boolean;
  className?: string;
  /** Decorative copies (a card whose title already says it all) pass "". */
  alt?: string;
};

/** An image from the CMS's renditions: WebP first, the original format as fallback. */
export function Picture({ image, sizes, priority = false, className, alt }: Props) {
  const webp = image.renditions.filter((r) => r.format === "webp");
  const fallback = image.renditions.filter((r) => r.format !== "webp");
  const base = fallback.length ? fallback : webp;
  if (!base.length) return null;
  const largest = base[base.length - 1];
  const srcset = (list: typeof base) => list.map((r) => `${r.url} ${r.width}w`).join(", ");
  return (
    <picture>
      {webp.length > 0 && fallback.length > 0 && <source type="image/webp" srcSet={srcset(webp)} sizes={sizes} />}
      <img
        src={largest.url}
        srcSet={srcset(base)}
        sizes={sizes}
        width={largest.width}
        height={largest.height}
        alt={alt ?? image.alt}
        className={className}
        loading={priority ? "eager" : "lazy"}
        decoding={priority ? "sync" : "async"}
        fetchPriority={priority ? "high" : undefined}
      />
    </picture>
  );
}
