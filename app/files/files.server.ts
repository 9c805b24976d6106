// The configured file store of this process (FILES_STORE, FILES_PATH, FILES_S3_*; docs/operations.md).
import path from "node:path";
import { getConfig, type FilesConfig } from "~/config.server";
import type { KeyObject } from "node:crypto";
import { directoryBackend } from "./directory-backend.server";
import { createFileStore, type FileStore } from "./file-store.server";
import { s3Backend } from "./s3-backend.server";

export function fileStoreFor(
  files: FilesConfig,
  secret: KeyObject,
  previousSecrets: readonly KeyObject[] = [],
): FileStore {
  const stagingDir = path.join(files.path, ".staging");
  const backend =
    files.store.kind === "s3"
      ? s3Backend({
          bucket: files.store.bucket,
          prefix: files.store.prefix,
          endpoint: files.store.endpoint,
          region: files.store.region,
          forcePathStyle: files.store.forcePathStyle,
        })
      : directoryBackend(files.path);
  return createFileStore({ backend, stagingDir, secret, previousSecrets });
}

let store: FileStore | undefined;
let storeFor: FilesConfig | undefined;

/** The store for the current configuration (tests re-read the configuration between files). */
export function fileStore(): FileStore {
  const config = getConfig();
  if (!store || storeFor !== config.files) {
    store = fileStoreFor(config.files, config.secretKey, config.previousSecretKeys);
    storeFor = config.files;
  }
  return store;
}
