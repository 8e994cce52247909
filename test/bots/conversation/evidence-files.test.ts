/** CL-11: one measure of an evidence file's type for every channel — its bytes, never the client's word. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { channelEvidenceLimits, cleanFileName, measuredMediaType } from "../../../src/bots/conversation/evidence-files.js";

const PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n");
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);

describe("evidence files (CL-11)", () => {
  it("CL-11: the type is the content's magic number, whatever was declared or named", async () => {
    expect(await measuredMediaType(PDF, { declared: "image/png", name: "photo.png" })).toBe("application/pdf");
    expect(await measuredMediaType(PNG, { declared: "text/plain", name: "notes.txt" })).toBe("image/png");
  });

  it("CL-11: UTF-8 text is text — as declared (plain or CSV); with nothing declared, by the name, else plain", async () => {
    const text = new TextEncoder().encode("po,qty\nPO-1,5000\n");
    expect(await measuredMediaType(text, { declared: "text/csv; charset=utf-8" })).toBe("text/csv");
    expect(await measuredMediaType(text, { name: "lines.CSV" })).toBe("text/csv");
    expect(await measuredMediaType(text, { name: "notes" })).toBe("text/plain");
  });

  it("CL-11: text declared as something else (an HTML page sent as invoice.pdf) is no accepted type", async () => {
    const page = new TextEncoder().encode("<!DOCTYPE html><html>x</html>");
    expect(await measuredMediaType(page, { declared: "application/pdf", name: "invoice.pdf" })).toBeUndefined();
  });

  it("CL-11: binary bytes with no known signature are no type at all, even declared as text", async () => {
    expect(await measuredMediaType(Uint8Array.from([0, 1, 2, 3]), { declared: "text/plain" })).toBeUndefined();
    expect(await measuredMediaType(Uint8Array.from([0x80, 0x81, 0x82, 0x00, 0x9f]), { declared: "text/csv" })).toBeUndefined();
    expect(await measuredMediaType(new Uint8Array(0), { declared: "text/plain" })).toBeUndefined();
  });

  it("CL-11: whatever the bytes and the claim, the measured type is an accepted type only when the bytes are that type (property)", async () => {
    const { mediaTypes } = channelEvidenceLimits();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 64 }), fc.constantFrom(...mediaTypes, "", "application/x-msdownload"), async (bytes, declared) => {
        const type = await measuredMediaType(bytes, { declared });
        if (type === "text/plain" || type === "text/csv") expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).not.toThrow();
        if (type === undefined) return;
        expect(type).not.toBe("application/x-msdownload");
      }),
      { numRuns: 300 },
    );
  });

  it("CL-11: the limits stated before upload are the most any policy accepts, capped by the server's", () => {
    const open = channelEvidenceLimits();
    expect(open.mediaTypes).toContain("application/pdf");
    expect(channelEvidenceLimits(1_000).maxBytes).toBe(1_000);
    expect(channelEvidenceLimits(Number.MAX_SAFE_INTEGER).maxBytes).toBe(open.maxBytes);
  });

  it("CL-11: a kept name has no path and no control characters", () => {
    expect(cleanFileName("C:\\Users\\me\\photo.jpg")).toBe("photo.jpg");
    expect(cleanFileName("../../etc/\u0000pass\u001fwd")).toBe("passwd");
    expect(cleanFileName("/")).toBe("file");
  });
});
