/** CL-11: the name an evidence file is kept under, whichever channel it came through. */

// Control characters (C0 and DEL) never reach a stored name or a screen.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

/** A file name as the person gave it, without any path and control characters ("file" when nothing is left). */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? "";
  const clean = base.replace(CONTROL_CHARACTERS, "").trim().slice(0, 255);
  return clean === "" ? "file" : clean;
}
