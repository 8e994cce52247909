/**
 * The Teams app's two icons, drawn here and encoded as PNG (8-bit RGBA, one zlib stream), so the
 * package needs no image files or tools: a 192×192 full-colour icon (white shield with a check on the
 * accent colour) and a 32×32 outline icon (the same shape in white on transparent), as Teams asks.
 */
import { crc32, deflateSync } from "node:zlib";

export type Rgba = readonly [number, number, number, number];

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.byteLength);
  const typed = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A PNG of `size`×`size` pixels whose colour at (x, y) is `pixel(x, y)`. */
export function encodePng(size: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(6, 9); // colour type RGBA
  const raw = Buffer.alloc(size * (1 + size * 4));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 4);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x++) raw.set(pixel(x, y), row + 1 + x * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Whether (u, v) in the unit square lies on the shield (a rounded top, a point at the bottom). */
function onShield(u: number, v: number): boolean {
  const dx = Math.abs(u - 0.5);
  if (v < 0.18 || v > 0.86) return false;
  if (v < 0.62) return dx < 0.3;
  return dx < 0.3 * (1 - (v - 0.62) / 0.24);
}

/** Whether (u, v) lies on the check mark inside the shield. */
function onCheck(u: number, v: number): boolean {
  const distance = (ax: number, ay: number, bx: number, by: number): number => {
    const t = Math.max(0, Math.min(1, ((u - ax) * (bx - ax) + (v - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    return Math.hypot(u - (ax + t * (bx - ax)), v - (ay + t * (by - ay)));
  };
  return Math.min(distance(0.36, 0.5, 0.47, 0.62), distance(0.47, 0.62, 0.66, 0.38)) < 0.045;
}

export const ACCENT_COLOUR = "#1F6FEB";
const ACCENT: Rgba = [0x1f, 0x6f, 0xeb, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

export function colorIcon(): Buffer {
  return encodePng(192, (x, y) => {
    const u = (x + 0.5) / 192;
    const v = (y + 0.5) / 192;
    if (onCheck(u, v)) return ACCENT;
    return onShield(u, v) ? WHITE : ACCENT;
  });
}

export function outlineIcon(): Buffer {
  return encodePng(32, (x, y) => {
    const u = (x + 0.5) / 32;
    const v = (y + 0.5) / 32;
    // The outline icon is white on transparent: the shield's rim, the check inside.
    const rim = onShield(u, v) && !onShield(0.5 + (u - 0.5) * 1.35, 0.52 + (v - 0.52) * 1.25);
    return rim || onCheck(u, v) ? WHITE : CLEAR;
  });
}
