import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../src/domain/shared/canonical-json.js";
import { sha256Hex, sha256HexOfBytes, utf8Bytes } from "../../src/domain/shared/sha256.js";

describe("SHA-256 (pure, for content hashes)", () => {
  it("PO-05: FIPS 180-4 test vectors", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    expect(sha256Hex("a".repeat(1_000_000))).toBe("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  });

  it("PO-05: agrees with node:crypto on arbitrary text and bytes, including block-boundary lengths", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), (text) => {
        expect(sha256Hex(text)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(sha256HexOfBytes(bytes)).toBe(createHash("sha256").update(bytes).digest("hex"));
      }),
    );
    for (const n of [55, 56, 63, 64, 65, 119, 120]) {
      expect(sha256Hex("x".repeat(n))).toBe(createHash("sha256").update("x".repeat(n)).digest("hex"));
    }
  });

  it("PO-05: UTF-8 encoding matches TextEncoder (lone surrogates become U+FFFD)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 50 }), (text) => {
        expect(Array.from(utf8Bytes(text))).toEqual(Array.from(new TextEncoder().encode(text)));
      }),
    );
  });
});

describe("canonical JSON", () => {
  it("PO-05: equal content gives equal text whatever the key order; undefined members are omitted", () => {
    expect(canonicalJson({ b: 1, a: [true, null, "x"], c: undefined, d: { z: 1, y: "é" } })).toBe('{"a":[true,null,"x"],"b":1,"d":{"y":"é","z":1}}');
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.integer(), fc.string(), fc.boolean())), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(record));
        expect(JSON.parse(canonicalJson(record))).toEqual(record);
      }),
    );
  });

  it("PO-05: values JSON cannot carry are refused with their path", () => {
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrowError(
      expect.objectContaining({ code: "CANONICAL_JSON_UNSUPPORTED", params: { path: "$.a[1]" } }),
    );
    expect(() => canonicalJson({ at: new Date(0) })).toThrowError(expect.objectContaining({ code: "CANONICAL_JSON_UNSUPPORTED" }));
  });
});
