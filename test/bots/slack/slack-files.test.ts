/**
 * CL-11: a Slack file becomes evidence only as what its bytes are — downloaded with the workspace's
 * bot token (Slack's sign-in page is never taken for it), limits checked before download, the type
 * measured from the bytes, the SHA-256 and size recorded by the blob store.
 */
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileSystemBlobStore } from "../../../src/adapters/blob/fs-blob-store.js";
import { fetchSlackFile, type FileFetcher } from "../../../src/bots/slack/slack-files.js";
import { channelEvidenceLimits as evidenceLimits } from "../../../src/bots/conversation/evidence-files.js";
import { slackClientOptions } from "../../../src/bots/slack/slack-web.js";
import { startSlackStandIn, type SlackStandIn } from "../../support/standins/slack/slack-standin.js";

const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02,
  0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xde,
]);
const EXE = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00, 0xb8, 0x00, 0x00, 0x00]);

let slack: SlackStandIn;
let blobDir: string;
let fetcher: FileFetcher;
const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

beforeAll(async () => {
  slack = await startSlackStandIn({ workspaces: [{ teamId: "T0001" }, { teamId: "T0002" }] });
  blobDir = await mkdtemp(path.join(tmpdir(), "slack-files-"));
  const token = slack.workspace("T0001").botToken;
  fetcher = {
    client: new WebClient(token, slackClientOptions(slack.apiUrl)),
    botToken: token,
    blobs: new FileSystemBlobStore(blobDir),
    limits: evidenceLimits(),
  };
});
afterAll(async () => {
  await slack.close();
  await rm(blobDir, { recursive: true, force: true });
});

describe("Slack files as evidence", () => {
  it("CL-11: a photo is stored with its SHA-256 and size, typed by its bytes (a PNG Slack called a JPEG)", async () => {
    const file = slack.addFile({ teamId: "T0001", name: "../../dock.jpg", mimetype: "image/jpeg", bytes: PNG });
    const fetched = await fetchSlackFile(fetcher, file.id);
    expect(fetched).toEqual({
      ok: true,
      file: { name: "dock.jpg", mediaType: "image/png", sizeBytes: PNG.byteLength, sha256: sha256(PNG), blobKey: expect.any(String) },
    });
  });

  it("CL-11: plain text is accepted as text", async () => {
    const bytes = new TextEncoder().encode("Delivery note: 1000 pcs, 3 cartons damaged.\n");
    const file = slack.addFile({ teamId: "T0001", name: "note.txt", mimetype: "text/plain", bytes });
    expect(await fetchSlackFile(fetcher, file.id)).toMatchObject({ ok: true, file: { mediaType: "text/plain", sha256: sha256(bytes) } });
  });

  it("CL-11: a type no policy accepts is refused, named by what it is", async () => {
    const file = slack.addFile({ teamId: "T0001", name: "invoice.pdf", mimetype: "application/pdf", bytes: EXE });
    expect(await fetchSlackFile(fetcher, file.id)).toEqual({
      ok: false,
      rejection: { reason: "typeNotAccepted", name: "invoice.pdf", type: "application/x-msdownload" },
    });
  });

  it("CL-11: a file over the stated limit is refused before it is downloaded", async () => {
    const big = new Uint8Array(evidenceLimits().maxBytes + 1);
    big.set(PNG);
    const file = slack.addFile({ teamId: "T0001", name: "huge.png", mimetype: "image/png", bytes: big });
    expect(await fetchSlackFile(fetcher, file.id)).toEqual({ ok: false, rejection: { reason: "tooLarge", name: "huge.png" } });
  });

  it("Slack's sign-in page (a fetch without the file's workspace token) is never taken for the file", async () => {
    const file = slack.addFile({ teamId: "T0001", name: "note.txt", mimetype: "text/plain", bytes: new TextEncoder().encode("hello") });
    const otherToken = slack.workspace("T0002").botToken;
    const wrong = { ...fetcher, botToken: otherToken };
    expect(await fetchSlackFile(wrong, file.id)).toEqual({ ok: false, rejection: { reason: "notFetched", name: "note.txt" } });
  });
});
