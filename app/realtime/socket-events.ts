// Socket events that are not about one feature, shared by the server and the client.

/** Told to a socket just before it is disconnected because its session ended, so the page can say so. */
export const SESSION_ENDED_EVENT = "session:ended";

/** Told to a socket whose events are refused for coming too fast (at most about once a second). */
export const RATE_LIMITED_EVENT = "rate-limited";
export type RateLimited = { event: string; retryAfterSeconds: number };
