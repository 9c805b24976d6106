/** What every loader and action receives as `context`, filled in by server/remix-handler.ts. */
export type LoadContext = {
  cspNonce: string;
  csrfToken: string;
  requestId: string;
  clientIp: string;
};

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends LoadContext {}
}
