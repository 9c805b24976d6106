// The storage contract, run against each backend: the directory one, and the S3 one talking to a real
// S3-compatible server (s3rver, an S3 protocol implementation, on a loopback port).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import S3rver from "s3rver";
import { createSecretKey } from "node:crypto";
import { directoryBackend } from "./directory-backend.server";
import { FileIntegrityError, SEGMENT_BYTES } from "./file-crypto.server";
import {
  createFileStore,
  FileTooLarge,
  readAll,
  StoredFileMissing,
  type BlobBackend,
  type FileStore,
} from "./file-store.server";
import { s3Backend } from "./s3-backend.server";

const secret = createSecretKey(randomBytes(32));
const otherSecret = createSecretKey(randomBytes(32));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "concord-files-"));
let s3server: S3rver;
let s3port = 0;

beforeAll(async () => {
  s3server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory: path.join(dir, "s3rver"),
    configureBuckets: [{ name: "concord-files", configs: [] }],
  });
  const address = (await s3server.run()) as { port: number };
  s3port = address.port;
});
afterAll(async () => {
  await s3server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const backends: [string, () => BlobBackend, string][] = [
  ["directory", () => directoryBackend(path.join(dir, "store")), path.join(dir, "store")],
  [
    "s3",
    () =>
      s3Backend({
        bucket: "concord-files",
        prefix: "files/",
        endpoint: `http://127.0.0.1:${s3port}`,
        forcePathStyle: true,
        credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
      }),
    path.join(dir, "s3rver"),
  ],
];

describe.each(backends)("file store on %s", (name, makeBackend, rawRoot) => {
  let store: FileStore;
  let backend: BlobBackend;
  beforeAll(() => {
    backend = makeBackend();
    store = createFileStore({ backend, stagingDir: path.join(dir, `staging-${name}`), secret });
  });

  it("puts and gets back the same bytes, across segment boundaries, empty files too", async () => {
    for (const size of [0, 1, SEGMENT_BYTES - 1, SEGMENT_BYTES, SEGMENT_BYTES + 1, 3 * SEGMENT_BYTES + 17]) {
      const content = randomBytes(size);
      const stored = await store.put(Readable.from([content]));
      expect(stored.bytes).toBe(size);
      expect(await store.exists(stored.address)).toBe(true);
      expect((await readAll(await store.get(stored.address))).equals(content)).toBe(true);
    }
  });

  it("addresses by content: the same bytes twice are one file, and the address is not the plain SHA-256", async () => {
    const content = Buffer.from(`the same evidence ${name}`);
    const a = await store.put(Readable.from([content]));
    const b = await store.put(Readable.from([content.subarray(0, 5), content.subarray(5)]));
    expect(b.address).toBe(a.address);
    expect(a.address).not.toBe(a.sha256);
    expect(a.address).toMatch(/^[0-9a-f]{64}$/);
  });

  it("keeps no plaintext at rest", async () => {
    const marker = `PLAINTEXT-MARKER-${name}-${randomBytes(4).toString("hex")}`;
    await store.put(Readable.from([Buffer.from(marker.repeat(100))]));
    const files = fs.readdirSync(rawRoot, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(fs.readFileSync(path.join(f.parentPath, f.name)).includes(marker)).toBe(false);
  });

  it("deletes, and a deleted or never-stored address is missing", async () => {
    const stored = await store.put(Readable.from([Buffer.from(`to delete ${name}`)]));
    await store.delete(stored.address);
    expect(await store.exists(stored.address)).toBe(false);
    await expect(store.get(stored.address)).rejects.toBeInstanceOf(StoredFileMissing);
    await expect(store.get("../../etc/passwd")).rejects.toBeInstanceOf(StoredFileMissing);
    expect(await store.exists("../x")).toBe(false);
  });

  it("stages: nothing is stored until commit, and a discarded upload leaves nothing", async () => {
    const content = randomBytes(SEGMENT_BYTES * 2 + 5);
    const staged = await store.stage(Readable.from([content]));
    expect(await store.exists(staged.address)).toBe(false);
    expect(staged.head.equals(content.subarray(0, 4100))).toBe(true);
    expect((await readAll(staged.open())).equals(content)).toBe(true);
    await staged.discard();
    expect(await store.exists(staged.address)).toBe(false);
    expect(fs.readdirSync(path.join(dir, `staging-${name}`))).toEqual([]);
  });

  it("refuses a file over the limit and keeps nothing of it", async () => {
    await expect(
      store.put(Readable.from([randomBytes(1000), randomBytes(1000)]), { maxBytes: 1500 }),
    ).rejects.toBeInstanceOf(FileTooLarge);
    expect(fs.readdirSync(path.join(dir, `staging-${name}`))).toEqual([]);
  });

  it("reads with an earlier key given, and refuses another key's files", async () => {
    const old = createFileStore({ backend, stagingDir: path.join(dir, `staging-${name}`), secret: otherSecret });
    const stored = await old.put(Readable.from([Buffer.from(`written before the key changed ${name}`)]));
    const withPrevious = createFileStore({
      backend,
      stagingDir: path.join(dir, `staging-${name}`),
      secret,
      previousSecrets: [otherSecret],
    });
    expect((await readAll(await withPrevious.get(stored.address))).toString()).toBe(
      `written before the key changed ${name}`,
    );
    await expect(readAll(await store.get(stored.address))).rejects.toBeInstanceOf(FileIntegrityError);
  });
});

describe("tampering (directory store)", () => {
  const root = path.join(dir, "tamper");
  const store = createFileStore({ backend: directoryBackend(root), stagingDir: path.join(root, ".staging"), secret });
  const fileOf = (address: string) => path.join(root, address.slice(0, 2), address.slice(2, 4), address);

  it("a flipped byte, a cut-off last segment or swapped segments fail to read", async () => {
    const content = randomBytes(SEGMENT_BYTES * 3);
    const { address } = await store.put(Readable.from([content]));
    const original = fs.readFileSync(fileOf(address));
    const variants = [
      Buffer.from(original).fill(original[100]! ^ 1, 100, 101),
      original.subarray(0, original.length - (SEGMENT_BYTES + 16)), // the last segment dropped
      Buffer.concat([
        original.subarray(0, 20),
        original.subarray(20 + SEGMENT_BYTES + 16, 20 + 2 * (SEGMENT_BYTES + 16)),
        original.subarray(20, 20 + SEGMENT_BYTES + 16),
        original.subarray(20 + 2 * (SEGMENT_BYTES + 16)),
      ]),
    ];
    for (const variant of variants) {
      fs.writeFileSync(fileOf(address), variant);
      await expect(readAll(await store.get(address))).rejects.toBeInstanceOf(FileIntegrityError);
    }
    fs.writeFileSync(fileOf(address), original);
    expect((await readAll(await store.get(address))).equals(content)).toBe(true);
  });
});
