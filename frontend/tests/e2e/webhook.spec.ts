import { createHmac, randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { REVALIDATE_SECRET } from "./env";

function signed(body: string, { id = `msg_${randomUUID()}`, timestamp = Math.floor(Date.now() / 1000), secret = REVALIDATE_SECRET } = {}) {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const signature = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  return {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": `v1,${signature}`,
  };
}

const event = (paths: string[], siteWide = false) =>
  JSON.stringify({
    event: "page.published",
    occurred_at: new Date().toISOString(),
    object: { kind: "page", id: 3, type: "home.HomePage", title: "Home" },
    paths,
    site_wide: siteWide,
    tags: ["page:3"],
  });

test.beforeAll(() => {
  expect(REVALIDATE_SECRET, "REVALIDATE_SECRET must be set for the webhook tests").toMatch(/^whsec_/);
});

test("a signed webhook revalidates exactly its paths; the same message again is a replay (401)", async ({ request }) => {
  const body = event(["/", "/es/"]);
  const headers = signed(body);
  const first = await request.post("/api/revalidate", { headers, data: body });
  expect(first.status()).toBe(200);
  expect(await first.json()).toEqual({ revalidated: ["/", "/es/"], site_wide: false });
  const replay = await request.post("/api/revalidate", { headers, data: body });
  expect(replay.status()).toBe(401);
  expect((await replay.json()).error).toMatch(/replay/);
});

test("site-wide changes revalidate everything", async ({ request }) => {
  const body = event([], true);
  const response = await request.post("/api/revalidate", { headers: signed(body), data: body });
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ revalidated: [], site_wide: true });
});

test("a forged, tampered, stale or unsigned webhook gets 401", async ({ request }) => {
  const body = event(["/"]);
  const forged = signed(body, { secret: `whsec_${Buffer.from("not the secret").toString("base64")}` });
  const tampered = signed(body);
  // A minute past the five-minute window either way: one second past it was accepted
  // when the clock turned a second between signing and checking.
  const stale = signed(body, { timestamp: Math.floor(Date.now() / 1000) - 360 });
  const future = signed(body, { timestamp: Math.floor(Date.now() / 1000) + 360 });
  for (const [name, headers, data] of [
    ["forged", forged, body],
    ["tampered", tampered, body.replace('"/"', '"/es/"')],
    ["stale", stale, body],
    ["future", future, body],
    ["unsigned", { "content-type": "application/json" }, body],
  ] as const) {
    const response = await request.post("/api/revalidate", { headers, data });
    expect(response.status(), name).toBe(401);
    expect(typeof (await response.json()).error, name).toBe("string");
  }
});

test("a validly signed body that is not JSON gets 400", async ({ request }) => {
  const body = "{not json";
  // As raw bytes: Playwright would otherwise encode a string it cannot parse as JSON.
  const response = await request.post("/api/revalidate", { headers: signed(body), data: Buffer.from(body) });
  expect(response.status()).toBe(400);
});
