// The object-storage backend: sealed files as objects `<prefix><address>` in an S3-compatible bucket (AWS S3, MinIO,
// Ceph, Garage...). Credentials come from the AWS SDK's usual chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,
// a profile or an instance role); they are never in our configuration or logs.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import fs from "node:fs";
import { Readable } from "node:stream";
import { StoredFileMissing, type BlobBackend } from "./file-store.server";

export type S3BackendOptions = {
  bucket: string;
  prefix?: string;
  /** For S3-compatible services other than AWS (for example http://127.0.0.1:9000). */
  endpoint?: string;
  region?: string;
  forcePathStyle?: boolean;
  credentials?: S3ClientConfig["credentials"];
};

function notFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NotFound" || e?.name === "NoSuchKey" || e?.$metadata?.httpStatusCode === 404;
}

export function s3Backend(options: S3BackendOptions): BlobBackend & { client: S3Client } {
  const client = new S3Client({
    region: options.region ?? "us-east-1",
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    forcePathStyle: options.forcePathStyle ?? Boolean(options.endpoint),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  const Bucket = options.bucket;
  const key = (address: string) => `${options.prefix ?? ""}${address}`;
  async function exists(address: string): Promise<boolean> {
    try {
      await client.send(new HeadObjectCommand({ Bucket, Key: key(address) }));
      return true;
    } catch (error) {
      if (notFound(error)) return false;
      throw error;
    }
  }
  return {
    client,
    exists,
    async putFile(address, localPath) {
      if (await exists(address)) return;
      // Multipart for large files, one PUT for small ones; streamed from the staged file either way.
      await new Upload({
        client,
        params: {
          Bucket,
          Key: key(address),
          Body: fs.createReadStream(localPath),
          ContentType: "application/octet-stream",
        },
      }).done();
    },
    async read(address) {
      try {
        const result = await client.send(new GetObjectCommand({ Bucket, Key: key(address) }));
        if (!(result.Body instanceof Readable))
          throw new Error("the S3 client returned a body that is not a Node stream");
        return result.Body;
      } catch (error) {
        if (notFound(error)) throw new StoredFileMissing();
        throw error;
      }
    },
    async delete(address) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: key(address) }));
    },
  };
}
