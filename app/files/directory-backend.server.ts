// The default backend: sealed files in FILES_PATH, two levels of folders by address (ab/cd/abcd...), written by
// rename from the staging folder beside them and forced to disk before a commit returns.
import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { fsyncPath } from "~/durable-files.server";
import { StoredFileMissing, type BlobBackend } from "./file-store.server";

export function directoryBackend(root: string): BlobBackend {
  const where = (address: string) => path.join(root, address.slice(0, 2), address.slice(2, 4), address);
  return {
    async putFile(address, localPath) {
      const target = where(address);
      if (fs.existsSync(target)) return; // the same content is already stored
      fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
      fsyncPath(localPath);
      await fs.promises.rename(localPath, target);
      fsyncPath(path.dirname(target));
    },
    async read(address): Promise<Readable> {
      const stream = fs.createReadStream(where(address));
      await new Promise<void>((resolve, reject) => {
        stream.once("open", () => resolve());
        stream.once("error", (error: NodeJS.ErrnoException) =>
          reject(error.code === "ENOENT" ? new StoredFileMissing() : error),
        );
      });
      return stream;
    },
    async delete(address) {
      await fs.promises.rm(where(address), { force: true });
    },
    async exists(address) {
      return fs.existsSync(where(address));
    },
  };
}
