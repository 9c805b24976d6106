// One storage interface for uploaded files (decision 0047): put a stream, get a stream, delete, exists. Files are
// content-addressed and encrypted here, whatever the backend (a directory, or an S3-compatible bucket) holds.
// Uploads are staged first (encrypted, on local disk) so the caller can check them before they are committed.
import { createHash, createHmac, randomUUID, type KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PassThrough, Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { decryptStream, encryptStream, filesKey } from "./file-crypto.server";
import { deriveKey } from "~/services/secret-box.server";

/** Where the sealed bytes live. Addresses are checked before they reach a backend. */
export interface BlobBackend {
  /** Moves (or copies) a sealed local file into place under `address`; keeps what is there if it exists. */
  putFile(address: string, localPath: string): Promise<void>;
  /** The sealed bytes; throws StoredFileMissing when there is nothing at `address`. */
  read(address: string): Promise<Readable>;
  delete(address: string): Promise<void>;
  exists(address: string): Promise<boolean>;
}

export type StoredFile = {
  /** Where the file is: HMAC-SHA256 of its content under a key derived from CONCORD_SECRET_KEY, 64 hex characters. */
  address: string;
  /** SHA-256 of the content, for integrity and duplicates. */
  sha256: string;
  bytes: number;
};

export type StagedFile = StoredFile & {
  /** The first bytes of the content, for deciding its type. */
  head: Buffer;
  /** The content again, decrypted from the staged copy, for checks that read all of it (scanner, PDF). */
  open(): Readable;
  /** Puts the staged file in the store and returns what was stored. */
  commit(): Promise<StoredFile>;
  /** Removes the staged copy; nothing is stored. */
  discard(): Promise<void>;
};

export interface FileStore {
  stage(content: Readable, options?: { maxBytes?: number }): Promise<StagedFile>;
  put(content: Readable, options?: { maxBytes?: number }): Promise<StoredFile>;
  /** The content as a stream; fails (FileIntegrityError) if the stored bytes were altered. */
  get(address: string): Promise<Readable>;
  /** Removes the file. Content-addressed: callers delete only when no record refers to the address any more. */
  delete(address: string): Promise<void>;
  exists(address: string): Promise<boolean>;
}

export class StoredFileMissing extends Error {
  constructor() {
    super("no stored file at that address");
    this.name = "StoredFileMissing";
  }
}

export class FileTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`the file is larger than ${maxBytes} bytes`);
    this.name = "FileTooLarge";
  }
}

const HEAD_BYTES = 4100; // what file-type reads

export function checkAddress(address: string): string {
  if (!/^[0-9a-f]{64}$/.test(address)) throw new StoredFileMissing();
  return address;
}

/** Keyed, so a listing of the store does not confirm that a known file is in it. */
export function addressKey(secret: KeyObject): KeyObject {
  return deriveKey(secret, "concord/files/address/v1");
}

export type FileStoreOptions = {
  backend: BlobBackend;
  /** Local directory for staged uploads (on the same disk as a directory store, so a commit is a rename). */
  stagingDir: string;
  /** CONCORD_SECRET_KEY, then any earlier keys to read files encrypted before a change. */
  secret: KeyObject;
  previousSecrets?: readonly KeyObject[];
};

export function createFileStore(options: FileStoreOptions): FileStore {
  const { backend, stagingDir } = options;
  const writeKey = filesKey(options.secret);
  const readKeys = [options.secret, ...(options.previousSecrets ?? [])].map(filesKey);
  const macKey = addressKey(options.secret);

  async function stage(content: Readable, opts: { maxBytes?: number } = {}): Promise<StagedFile> {
    fs.mkdirSync(stagingDir, { recursive: true, mode: 0o700 });
    const tempPath = path.join(stagingDir, `${randomUUID()}.part`);
    const mac = createHmac("sha256", macKey);
    const sha = createHash("sha256");
    let bytes = 0;
    const headParts: Buffer[] = [];
    let headBytes = 0;
    const max = opts.maxBytes ?? Number.POSITIVE_INFINITY;
    const measure = new Transform({
      transform(chunk: Buffer, _enc, callback) {
        bytes += chunk.length;
        if (bytes > max) return callback(new FileTooLarge(max));
        mac.update(chunk);
        sha.update(chunk);
        if (headBytes < HEAD_BYTES) {
          headParts.push(chunk.subarray(0, HEAD_BYTES - headBytes));
          headBytes += Math.min(chunk.length, HEAD_BYTES - headBytes);
        }
        callback(null, chunk);
      },
    });
    // The source is piped by hand, not destroyed on failure: it is drained instead, so a multipart parser feeding it
    // reads on to the end of the request and the refusal can still be answered.
    const written = pipeline(measure, encryptStream(writeKey), fs.createWriteStream(tempPath, { mode: 0o600 }));
    content.on("error", (error) => measure.destroy(error));
    content.pipe(measure);
    try {
      await written;
    } catch (error) {
      content.unpipe(measure);
      content.resume();
      await fs.promises.rm(tempPath, { force: true });
      throw error;
    }
    const stored: StoredFile = { address: mac.digest("hex"), sha256: sha.digest("hex"), bytes };
    let done = false;
    return {
      ...stored,
      head: Buffer.concat(headParts),
      open() {
        const out = new PassThrough();
        pipeline(fs.createReadStream(tempPath), decryptStream([writeKey]), out).catch((error: Error) =>
          out.destroy(error),
        );
        return out;
      },
      async commit() {
        if (done) throw new Error("the staged file was already committed or discarded");
        done = true;
        try {
          await backend.putFile(stored.address, tempPath);
        } finally {
          await fs.promises.rm(tempPath, { force: true });
        }
        return stored;
      },
      async discard() {
        done = true;
        await fs.promises.rm(tempPath, { force: true });
      },
    };
  }

  return {
    stage,
    async put(content, opts) {
      return (await stage(content, opts)).commit();
    },
    async get(address) {
      const sealed = await backend.read(checkAddress(address));
      const out = new PassThrough();
      pipeline(sealed, decryptStream(readKeys), out).catch((error: Error) => out.destroy(error));
      return out;
    },
    async delete(address) {
      await backend.delete(checkAddress(address));
    },
    async exists(address) {
      return /^[0-9a-f]{64}$/.test(address) && backend.exists(address);
    },
  };
}

/** Reads a stream to the end (tests, small files, thumbnails). */
export async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}
