"use client";
/**
 * The search field, enhanced into an ARIA combobox (list autocomplete) once JavaScript
 * runs: suggestions from /api/suggest, arrow keys to move, Enter to open one, Escape to
 * close. Without JavaScript it is a plain text field of the GET form.
 */
import { useEffect, useId, useRef, useState } from "react";

type Suggestion = { title: string; kind: string; id: number; path: string | null };

export function SearchBox({ locale, defaultValue }: { locale: "en" | "es"; defaultValue: string }) {
  const [value, setValue] = useState(defaultValue);
  const [items, setItems] = useState<Suggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [enhanced, setEnhanced] = useState(false);
  const listId = useId();
  const request = useRef(0);

  useEffect(() => setEnhanced(true), []);

  useEffect(() => {
    if (!enhanced) return;
    const q = value.trim();
    if (q.length < 2) {
      setItems([]);
      return;
    }
    const ticket = ++request.current;
    const timer = setTimeout(() => {
      fetch(`/api/suggest?q=${encodeURIComponent(q)}&locale=${locale}`)
        .then((r) => (r.ok ? r.json() : { suggestions: [] }))
        .then((data: { suggestions: Suggestion[] }) => {
          if (ticket !== request.current) return;
          const live = data.suggestions.filter((s) => s.path);
          setItems(live);
          setActive(-1);
        })
        .catch(() => setItems([]));
    }, 150);
    return () => clearTimeout(timer);
  }, [value, locale, enhanced]);

  const expanded = enhanced && open && items.length > 0;

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    if (!items.length) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (i + 1) % items.length);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (i <= 0 ? items.length - 1 : i - 1));
    } else if (event.key === "Escape") {
      if (open) event.preventDefault();
      setOpen(false);
      setActive(-1);
    } else if (event.key === "Enter" && expanded && active >= 0) {
      event.preventDefault();
      const chosen = items[active];
      if (chosen.path) window.location.assign(chosen.path);
    }
  }

  return (
    <div className="combobox">
      <input
        id="q"
        name="q"
        type="text"
        value={value}
        autoComplete="off"
        enterKeyHint="search"
        onChange={(e) => {
          setValue(e.target.value);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        {...(enhanced
          ? {
              role: "combobox",
              "aria-autocomplete": "list" as const,
              "aria-expanded": expanded,
              "aria-controls": listId,
              "aria-activedescendant": expanded && active >= 0 ? `${listId}-${active}` : undefined,
            }
          : {})}
      />
      {enhanced && (
        <ul id={listId} role="listbox" aria-label={locale === "es" ? "Sugerencias" : "Suggestions"} hidden={!expanded} className="suggestions">
          {items.map((item, i) => (
            <li
              key={`${item.kind}-${item.id}`}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                if (item.path) window.location.assign(item.path);
              }}
            >
              {item.title}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
