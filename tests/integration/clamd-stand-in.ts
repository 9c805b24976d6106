// A small stand-in for ClamAV's daemon on a loopback port, speaking the real INSTREAM protocol (length-prefixed
// chunks, a zero-length chunk to end, a NUL-terminated verdict). It flags the EICAR test string, as clamd does with
// its signatures; the issue allows it because a real clamd needs signature downloads these machines cannot make.
import net from "node:net";

export const EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

export type ClamdStandIn = { address: string; scanned: () => number; close: () => Promise<void> };

export async function startClamdStandIn(): Promise<ClamdStandIn> {
  let scanned = 0;
  const server = net.createServer((socket) => {
    let buffer = Buffer.alloc(0);
    let command: string | null = null;
    const content: Buffer[] = [];
    socket.on("data", (data) => {
      buffer = Buffer.concat([buffer, data]);
      if (command === null) {
        const end = buffer.indexOf(0);
        if (end === -1) return;
        command = buffer.subarray(0, end).toString();
        buffer = buffer.subarray(end + 1);
        if (command !== "zINSTREAM") return void socket.end("UNKNOWN COMMAND\0");
      }
      while (buffer.length >= 4) {
        const size = buffer.readUInt32BE(0);
        if (buffer.length < 4 + size) return;
        if (size === 0) {
          scanned++;
          const all = Buffer.concat(content).toString("latin1");
          return void socket.end(all.includes(EICAR) ? "stream: Eicar-Test-Signature FOUND\0" : "stream: OK\0");
        }
        content.push(buffer.subarray(4, 4 + size));
        buffer = buffer.subarray(4 + size);
      }
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    scanned: () => scanned,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
