/** Requests written byte for byte, as an attacker would: no client-side URL normalisation (issue 9). */
import { connect } from "node:net";

/** The request targets that crashed the hand-written server (issue 9), each a separate raw request line. */
export const CRASH_FAMILY_TARGETS: readonly string[] = ["//", "///", "//:", "//@", "//[", "//%", "//a:b", "//a:99999", "/\\", "//?", "//#"];

/** Sends `GET <target>` as it is to 127.0.0.1:port and resolves with the status line's code. */
export function rawGetStatus(port: number, target: string): Promise<number> {
  const text = `GET ${target} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n`;
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(text));
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk.toString("latin1");
      const match = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      if (match) {
        socket.destroy();
        resolve(Number(match[1]));
      }
    });
    socket.on("error", reject);
    socket.on("close", () => (answer ? undefined : reject(new Error("closed without an answer"))));
  });
}
