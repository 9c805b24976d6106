import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { logger } from "~/logger.server";
import { NonceProvider } from "~/nonce";

export { runtime } from "~/runtime.server";

const ABORT_DELAY = 5_000;

/**
 * Renders the whole page, then sends it as one body (decision 0037). Every loader reads synchronously from
 * SQLite, so streaming the shell first gained nothing a person could see, while React's many small chunks each
 * made a round trip through the gzip stream: 11% of a busy server's time in the profile went to compressing them.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  // Pages hold case data: browsers and proxies must not keep copies.
  responseHeaders.set("Cache-Control", "no-store");
  return new Promise<Response>((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onAllReady() {
          clearTimeout(timer);
          const chunks: Buffer[] = [];
          const body = new PassThrough();
          body.on("data", (chunk: Buffer) => chunks.push(chunk));
          body.on("end", () => {
            responseHeaders.set("Content-Type", "text/html; charset=utf-8");
            resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }));
          });
          body.on("error", reject);
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          logger.error({ err: { message: (error as Error)?.message } }, "render error");
        },
      },
    );
    const timer = setTimeout(abort, ABORT_DELAY);
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  // Remix reports deprecation notices (for example an old ?_data request) through here; they are not failures.
  if (error instanceof Error && error.message.startsWith("Warning:")) {
    logger.warn({ err: { message: error.message } }, "framework warning");
    return;
  }
  // Message and type only: no request data, which could hold personal information.
  logger.error(
    { err: { type: (error as Error)?.name, message: (error as Error)?.message, stack: (error as Error)?.stack } },
    "request failed",
  );
}
