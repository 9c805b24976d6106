// Reads a document upload as it arrives (busboy), never buffering a file in memory: each file is staged in the
// file store (encrypted, not yet committed) under the per-file limit; form fields are small and few. The CSRF token
// must be the first field (AppForm puts it there) and is checked before any file is read (decision 0052).
import busboy from "busboy";
import { timingSafeEqual } from "node:crypto";
import { Readable } from "node:stream";
import { FileTooLarge, type FileStore, type StagedFile } from "./file-store.server";
import { checkFileName } from "./upload-checks.server";

export type UploadedFile =
  { field: string; name: string; staged: StagedFile } | { field: string; name: string; problem: string };

export type ParsedUpload = { fields: Record<string, string | string[]>; files: UploadedFile[]; tooMany: boolean };

export class UploadRefused extends Error {
  constructor(readonly status: 400 | 403) {
    super(status === 403 ? "the upload's CSRF token was missing or wrong" : "the upload could not be read");
  }
}

function tokensMatch(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && ab.length > 0 && timingSafeEqual(ab, bb);
}

export function sizeLabel(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

export async function readUpload(
  request: Request,
  options: { csrfToken: string; store: FileStore; maxFileBytes: number; maxFiles: number },
): Promise<ParsedUpload> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!request.body || !/^multipart\/form-data/i.test(contentType)) throw new UploadRefused(400);
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      limits: {
        fileSize: options.maxFileBytes + 1,
        files: options.maxFiles,
        fields: 40,
        fieldSize: 20_000,
        parts: options.maxFiles + 40,
      },
      defParamCharset: "utf8",
      // Keep folders in names, so a name with path parts is refused rather than quietly cut to its last part.
      preservePath: true,
    });
  } catch {
    throw new UploadRefused(400);
  }
  const fields: Record<string, string | string[]> = {};
  const files: Promise<UploadedFile>[] = [];
  let csrfChecked = false;
  let tooMany = false;
  const source = Readable.fromWeb(request.body as import("node:stream/web").ReadableStream<Uint8Array>);

  return new Promise<ParsedUpload>((resolve, reject) => {
    const fail = (error: Error) => {
      source.unpipe(parser);
      source.resume();
      Promise.allSettled(files).then(async (settled) => {
        for (const s of settled) if (s.status === "fulfilled" && "staged" in s.value) await s.value.staged.discard();
        reject(error);
      });
    };
    parser.on("field", (name, value) => {
      if (!csrfChecked) {
        if (name !== "csrf" || !tokensMatch(value, options.csrfToken)) return fail(new UploadRefused(403));
        csrfChecked = true;
        return;
      }
      const existing = fields[name];
      fields[name] =
        existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
    });
    parser.on("file", (field, stream, info) => {
      if (!csrfChecked) {
        stream.resume();
        return fail(new UploadRefused(403));
      }
      // A file input left empty sends a part with no name and no content.
      if (!info.filename) {
        stream.resume();
        return;
      }
      const name = checkFileName(info.filename);
      if (!name.ok) {
        stream.resume();
        files.push(Promise.resolve({ field, name: info.filename, problem: name.message }));
        return;
      }
      files.push(
        options.store.stage(stream, { maxBytes: options.maxFileBytes }).then(
          (staged): UploadedFile => ({ field, name: name.name, staged }),
          (error: unknown): UploadedFile => {
            if (error instanceof FileTooLarge)
              return {
                field,
                name: name.name,
                problem: `${name.name} is larger than ${sizeLabel(options.maxFileBytes)}: the largest file you can upload is ${sizeLabel(options.maxFileBytes)}`,
              };
            return { field, name: name.name, problem: `${name.name} could not be uploaded: try again` };
          },
        ),
      );
    });
    parser.on("filesLimit", () => {
      tooMany = true;
    });
    parser.on("error", () => fail(new UploadRefused(400)));
    parser.on("close", () => {
      Promise.all(files).then(
        (done) => (csrfChecked ? resolve({ fields, files: done, tooMany }) : fail(new UploadRefused(403))),
        reject,
      );
    });
    source.on("error", () => fail(new UploadRefused(400)));
    source.pipe(parser);
  });
}
