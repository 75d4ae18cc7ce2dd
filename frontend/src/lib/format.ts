import { intlLocale, type Locale } from "./i18n";

export function formatNumber(locale: Locale, value: number, options: Intl.NumberFormatOptions = {}): string {
  return new Intl.NumberFormat(intlLocale[locale], { maximumFractionDigits: 2, ...options }).format(value);
}

/** A figure with its unit: "%" as a percentage, anything else after the number. */
export function formatFigure(locale: Locale, value: number, unit: string): string {
  if (unit.trim() === "%") return formatNumber(locale, value / 100, { style: "percent", maximumFractionDigits: 1 });
  const number = formatNumber(locale, value);
  return unit ? `${number} ${unit}` : number;
}

export function formatBytes(locale: Locale, bytes: number): string {
  const units = ["byte", "kilobyte", "megabyte", "gigabyte"] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat(intlLocale[locale], {
    style: "unit",
    unit: units[unit],
    unitDisplay: "short",
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

export function formatDate(locale: Locale, iso: string): string {
  const date = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  return new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: "long", timeZone: "UTC" }).format(date);
}
