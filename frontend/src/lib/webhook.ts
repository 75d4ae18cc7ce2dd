/**
 * The receiving side of the CMS's publish webhook (Standard Webhooks):
 *
 *   signature = base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`)),
 *   key = base64-decode of the secret without its `whsec_` prefix,
 *
 * sent as `webhook-signature: v1,<sig> [v1,<sig> …]` with `webhook-id` and
 * `webhook-timestamp` (unix seconds). Timestamps more than TOLERANCE seconds away and
 * message ids already seen within that window are refused (replay).
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const TOLERANCE_SECONDS = 300;

export type Verdict = { ok: true } | { ok: false; reason: string };

export function secretKey(secret: string): Buffer {
  const raw = secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret;
  return Buffer.from(raw, "base64");
}

/** The raw body is signed as sent (bytes), so nothing is lost to decoding. */
export function sign(secret: string, id: string, timestamp: string, body: string | Uint8Array): string {
  return createHmac("sha256", secretKey(secret)).update(`${id}.${timestamp}.`).update(body).digest("base64");
}

function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  if (left.length !== right.length) {
    // Compare anyway so that the time taken does not depend on where they differ.
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

/** Remembers message ids for the tolerance window (TTL), bounded in size (LRU). */
export class ReplayGuard {
  private seen = new Map<string, number>();
  constructor(
    private ttlMs = TOLERANCE_SECONDS * 2 * 1000,
    private max = 10_000,
  ) {}

  /** True the first time an id is offered within the window; false for a replay. */
  claim(id: string, nowMs: number): boolean {
    for (const [key, expires] of this.seen) {
      if (expires > nowMs) break;
      this.seen.delete(key);
    }
    const expires = this.seen.get(id);
    if (expires !== undefined && expires > nowMs) return false;
    this.seen.delete(id);
    this.seen.set(id, nowMs + this.ttlMs);
    while (this.seen.size > this.max) {
      const oldest = this.seen.keys().next().value as string;
      this.seen.delete(oldest);
    }
    return true;
  }
}

export type WebhookHeaders = {
  id: string | null;
  timestamp: string | null;
  signature: string | null;
};

/** Checks the headers and signature; does not touch the replay guard. */
export function verifySignature(secret: string, headers: WebhookHeaders, body: string | Uint8Array, nowMs: number): Verdict {
  const { id, timestamp, signature } = headers;
  if (!secret) return { ok: false, reason: "the receiver has no secret configured" };
  if (!id || !timestamp || !signature) return { ok: false, reason: "missing webhook headers" };
  if (!/^\d+$/.test(timestamp)) return { ok: false, reason: "invalid timestamp" };
  const skew = Math.abs(nowMs / 1000 - Number(timestamp));
  if (skew > TOLERANCE_SECONDS) return { ok: false, reason: "timestamp outside the tolerance window" };
  const expected = sign(secret, id, timestamp, body);
  let matched = false;
  for (const entry of signature.split(/\s+/)) {
    const [version, value] = entry.split(",", 2);
    if (version === "v1" && value !== undefined && constantTimeEqual(value, expected)) matched = true;
  }
  return matched ? { ok: true } : { ok: false, reason: "no valid signature" };
}

/** Full check: signature, timestamp, then the message id (replay). */
export function verifyWebhook(
  secret: string,
  headers: WebhookHeaders,
  body: string | Uint8Array,
  guard: ReplayGuard,
  nowMs: number = Date.now(),
): Verdict {
  const verdict = verifySignature(secret, headers, body, nowMs);
  if (!verdict.ok) return verdict;
  if (!guard.claim(headers.id as string, nowMs)) return { ok: false, reason: "message already received (replay)" };
  return verdict;
}

export type WebhookEvent = {
  event: string;
  occurred_at?: string;
  object?: { kind: string; id: number; type: string; title: string };
  paths?: string[];
  site_wide?: boolean;
  tags?: string[];
};

/** Front-end paths named by the event: only local paths, nothing else. */
export function pathsToRevalidate(event: WebhookEvent): string[] {
  const paths = Array.isArray(event.paths) ? event.paths : [];
  return [...new Set(paths.filter((p): p is string => typeof p === "string" && p.startsWith("/") && !p.startsWith("//")))];
}
