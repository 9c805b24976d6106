// A real HTTP server on 127.0.0.1 with the app's socket.io attached, for integration tests that need sockets.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { attachRealtime } from "~/realtime/socket-server.server";

export type RealtimeServer = { url: string; close(): Promise<void> };

export async function startRealtimeServer(): Promise<RealtimeServer> {
  const httpServer = http.createServer();
  const { io } = await attachRealtime(httpServer);
  httpServer.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => httpServer.once("listening", () => resolve()));
  return {
    url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}
