import { describe, expect, it } from "vitest";
import { pathsToRevalidate, ReplayGuard, sign, TOLERANCE_SECONDS, verifyWebhook } from "@/lib/webhook";

// The Standard Webhooks example secret and message (from the specification's test vectors).
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TS = "1614265330";
const BODY = '{"test": 2432232314}';
const EXPECTED = "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
const NOW = Number(TS) * 1000;

const headers = (overrides: Partial<Record<"id" | "timestamp" | "signature", string | null>> = {}) => ({
  id: ID,
  timestamp: TS,
  signature: `v1,${EXPECTED}`,
  ...overrides,
});

describe("webhook signatures", () => {
  it("matches the Standard Webhooks test vector", () => {
    expect(sign(SECRET, ID, TS, BODY)).toBe(EXPECTED);
    expect(sign(SECRET, ID, TS, new TextEncoder().encode(BODY))).toBe(EXPECTED);
  });

  it("accepts a valid message once", () => {
    const guard = new ReplayGuard();
    expect(verifyWebhook(SECRET, headers(), BODY, guard, NOW)).toEqual({ ok: true });
  });

  it("accepts when any of several v1 signatures matches", () => {
    const guard = new ReplayGuard();
    const signature = `v1,bm90IGl0 v2,${EXPECTED} v1,${EXPECTED}`;
    expect(verifyWebhook(SECRET, headers({ signature }), BODY, guard, NOW).ok).toBe(true);
  });

  it("refuses a replayed message id", () => {
    const guard = new ReplayGuard();
    expect(verifyWebhook(SECRET, headers(), BODY, guard, NOW).ok).toBe(true);
    const again = verifyWebhook(SECRET, headers(), BODY, guard, NOW + 1000);
    expect(again).toEqual({ ok: false, reason: "message already received (replay)" });
  });

  it("refuses a changed body, a wrong secret, a wrong version and missing headers", () => {
    const guard = new ReplayGuard();
    expect(verifyWebhook(SECRET, headers(), BODY.replace("2", "3"), guard, NOW).ok).toBe(false);
    expect(verifyWebhook("whsec_" + Buffer.from("other").toString("base64"), headers(), BODY, guard, NOW).ok).toBe(false);
    expect(verifyWebhook(SECRET, headers({ signature: `v2,${EXPECTED}` }), BODY, guard, NOW).ok).toBe(false);
    expect(verifyWebhook(SECRET, headers({ signature: EXPECTED }), BODY, guard, NOW).ok).toBe(false);
    for (const missing of ["id", "timestamp", "signature"] as const) {
      expect(verifyWebhook(SECRET, headers({ [missing]: null }), BODY, guard, NOW)).toEqual({
        ok: false,
        reason: "missing webhook headers",
      });
    }
    expect(verifyWebhook("", headers(), BODY, guard, NOW).ok).toBe(false);
  });

  it("refuses timestamps more than the tolerance away, in either direction", () => {
    const guard = new ReplayGuard();
    const late = NOW + (TOLERANCE_SECONDS + 1) * 1000;
    const early = NOW - (TOLERANCE_SECONDS + 1) * 1000;
    expect(verifyWebhook(SECRET, headers(), BODY, guard, late).ok).toBe(false);
    expect(verifyWebhook(SECRET, headers(), BODY, guard, early).ok).toBe(false);
    expect(verifyWebhook(SECRET, headers({ timestamp: "nonsense" }), BODY, guard, NOW).ok).toBe(false);
    // Just inside the window is fine (and the failed attempts above did not burn the id).
    expect(verifyWebhook(SECRET, headers(), BODY, guard, NOW + TOLERANCE_SECONDS * 1000).ok).toBe(true);
  });

  it("a bad signature does not let an attacker burn a real message id", () => {
    const guard = new ReplayGuard();
    expect(verifyWebhook(SECRET, headers({ signature: "v1,AAAA" }), BODY, guard, NOW).ok).toBe(false);
    expect(verifyWebhook(SECRET, headers(), BODY, guard, NOW).ok).toBe(true);
  });
});

describe("replay guard", () => {
  it("forgets ids after the window and stays bounded", () => {
    const guard = new ReplayGuard(1000, 3);
    expect(guard.claim("a", 0)).toBe(true);
    expect(guard.claim("a", 500)).toBe(false);
    expect(guard.claim("a", 1500)).toBe(true);
    for (const id of ["b", "c", "d", "e"]) guard.claim(id, 1600);
    // "a" was evicted as the oldest once the set went past three ids.
    expect(guard.claim("a", 1700)).toBe(true);
  });
});

describe("paths to revalidate", () => {
  it("keeps local paths only, once each", () => {
    expect(
      pathsToRevalidate({
        event: "page.published",
        paths: ["/reports/x/", "/es/informes/x/", "/reports/x/", "https://evil.example/", "//evil", 3 as unknown as string],
      }),
    ).toEqual(["/reports/x/", "/es/informes/x/"]);
    expect(pathsToRevalidate({ event: "test" })).toEqual([]);
  });
});
