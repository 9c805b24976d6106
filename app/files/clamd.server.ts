// A client for ClamAV's daemon (clamd) speaking its INSTREAM command: the content goes to the scanner in chunks,
// never written anywhere else (decision 0052). `CLAMD_SOCKET` is a Unix socket path (Debian's clamav-daemon:
// /var/run/clamav/clamd.ctl) or host:port.
import net from "node:net";
import type { Readable } from "node:stream";

export type ScanResult =
  { status: "clean" } | { status: "infected"; signature: string } | { status: "error"; message: string };

export function connectOptions(address: string): net.NetConnectOpts {
  if (address.startsWith("/")) return { path: address };
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(address);
  if (!m) throw new Error("CLAMD_SOCKET must be a socket path or host:port");
  return { host: m[1]!, port: Number(m[2]) };
}

const MAX_CHUNK = 64 * 1024;

/** Sends the content to clamd and reads its verdict. Never throws: a scanner problem is an "error" result. */
export async function scanStream(address: string, content: Readable, timeoutMs = 60_000): Promise<ScanResult> {
  return new Promise<ScanResult>((resolve) => {
    let settled = false;
    let reply = "";
    const finish = (result: ScanResult) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      content.destroy();
      resolve(result);
    };
    const socket = net.connect(connectOptions(address));
    socket.setTimeout(timeoutMs, () => finish({ status: "error", message: "the scanner did not answer in time" }));
    socket.on("error", (error) =>
      finish({
        status: "error",
        message: `the scanner could not be reached (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      }),
    );
    socket.on("data", (data) => {
      reply += data.toString("utf8");
      if (reply.includes("\0") || reply.includes("\n")) finish(parseReply(reply));
    });
    socket.on("end", () =>
      finish(
        reply ? parseReply(reply) : { status: "error", message: "the scanner closed the connection without a verdict" },
      ),
    );
    socket.on("connect", async () => {
      socket.write("zINSTREAM\0");
      try {
        for await (const part of content) {
          const buffer = part as Buffer;
          for (let i = 0; i < buffer.length; i += MAX_CHUNK) {
            const chunk = buffer.subarray(i, i + MAX_CHUNK);
            const size = Buffer.alloc(4);
            size.writeUInt32BE(chunk.length);
            if (!socket.write(Buffer.concat([size, chunk]))) await new Promise((r) => socket.once("drain", r));
            if (settled) return;
          }
        }
        socket.write(Buffer.alloc(4));
      } catch {
        finish({ status: "error", message: "the file could not be read for scanning" });
      }
    });
  });
}

/** `stream: OK`, `stream: <signature> FOUND`, or `... ERROR`. */
export function parseReply(reply: string): ScanResult {
  const line = reply.replace(/[\0\n]+$/, "").replace(/^\d+: /, "");
  if (/^stream: OK$/.test(line)) return { status: "clean" };
  const found = /^stream: (.+) FOUND$/.exec(line);
  if (found) return { status: "infected", signature: found[1]!.slice(0, 200) };
  return { status: "error", message: `the scanner refused the file (${line.slice(0, 120)})` };
}
