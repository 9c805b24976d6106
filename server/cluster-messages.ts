// Messages between the clustered server's primary and its workers (decision 0022), besides those of
// @socket.io/sticky (connections handed over) and @socket.io/cluster-adapter (socket.io between workers).

/** Worker to primary: the app is loaded and its sockets are linked; it can take connections. */
export const WORKER_READY = "concord:worker-ready";
/** Worker to primary: it is stopping (a signal, or its primary's channel closed); send it no more connections. */
export const WORKER_STOPPING = "concord:worker-stopping";
/** Primary to workers: another worker stopped; presence lists that counted its sockets are out of date. */
export const PEER_STOPPED = "concord:peer-stopped";

export type ClusterMessage =
  { type: typeof WORKER_READY } | { type: typeof WORKER_STOPPING } | { type: typeof PEER_STOPPED };

export function isClusterMessage(message: unknown): message is ClusterMessage {
  const type = (message as { type?: unknown } | null)?.type;
  return type === WORKER_READY || type === WORKER_STOPPING || type === PEER_STOPPED;
}
