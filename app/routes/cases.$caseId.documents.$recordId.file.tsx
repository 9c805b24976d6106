import type { LoaderFunctionArgs } from "@remix-run/node";
import { Readable } from "node:stream";
import { requireActor } from "~/services/current-user.server";
import { openDocumentFile } from "~/services/documents.server";

// The file itself, for someone who reads the document in full (audited in the service). Never sniffed, never cached,
// and sandboxed: even a file that got past the checks cannot run script in our origin. (X-Content-Type-Options:
// nosniff is on every response, server/security-headers.ts.)
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const as = new URL(request.url).searchParams.get("as");
  const how = as === "inline" || as === "thumbnail" ? as : "download";
  const file = await openDocumentFile(actor, params.caseId ?? "", params.recordId ?? "", how);
  const body = Buffer.isBuffer(file.body)
    ? new Uint8Array(file.body)
    : (Readable.toWeb(file.body) as ReadableStream<Uint8Array>);
  const headers = new Headers({
    "Content-Type": file.contentType,
    "Content-Disposition": file.disposition,
    "Cache-Control": "no-store",
    // PDFs open in the browser's own viewer, which a sandboxed response would block; everything else is sandboxed.
    "Content-Security-Policy":
      file.contentType === "application/pdf"
        ? "default-src 'none'; object-src 'self'"
        : "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
  });
  if (!Buffer.isBuffer(file.body) && file.bytes !== undefined) headers.set("Content-Length", String(file.bytes));
  return new Response(body, { status: 200, headers });
}
