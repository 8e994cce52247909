/**
 * Found by driving the product as an outside user (QA pass): what a confused person or a prober
 * meets at the edges of the web chat's HTTP API, on the real server (embedded PGlite, demo data).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failures, startHardenedServer, type HardenedServer } from "./support/hardened-server.js";

let world: HardenedServer;

beforeAll(async () => {
  world = await startHardenedServer();
}, 120_000);

afterAll(async () => {
  await world?.server.stop("test done");
});

const post = (path: string, body: unknown) =>
  fetch(`${world.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("the sign-in page's refusals are in the page's language", () => {
  it("CM-05: a mistyped, used or expired sign-in code is explained in the language the page sends", async () => {
    const de = await post("/auth/link", { code: "NOSUCH99", lang: "de" });
    expect(de.status).toBe(400);
    const deBody = (await de.json()) as { error: { code: string; message: string } };
    expect(deBody.error.code).toBe("LINK_CODE_INVALID");
    expect(deBody.error.message).toMatch(/Verknüpfungscode/);

    const zh = (await (await post("/auth/link", { code: "NOSUCH99", lang: "zh-CN" })).json()) as { error: { message: string } };
    expect(zh.error.message).toMatch(/[\u4e00-\u9fff]/);

    // Without a language (an older page, a script) the answer stays English.
    const en = (await (await post("/auth/link", { code: "NOSUCH99" })).json()) as { error: { message: string } };
    expect(en.error.message).toMatch(/link code is not valid/i);
    expect(failures(world.logs)).toEqual([]);
  });
});
