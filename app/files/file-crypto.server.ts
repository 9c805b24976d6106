// Files at rest are encrypted with AES-256-GCM in segments (decision 0047), so a file of any size is encrypted and
// decrypted as a stream and no byte is released before the segment holding it is authenticated. Each file gets its
// own key (HKDF of the files key with a random salt kept in the header); segment i is sealed under nonce
// (i, last?) so segments cannot be reordered, dropped or the file cut short unseen.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, createSecretKey, type KeyObject } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { deriveKey } from "~/services/secret-box.server";

const MAGIC = Buffer.from("CCF1"); // Concord file, format 1
const SALT_BYTES = 16;
export const HEADER_BYTES = MAGIC.length + SALT_BYTES;
/** Plaintext bytes per segment. */
export const SEGMENT_BYTES = 64 * 1024;
const TAG_BYTES = 16;

/** The key all file keys come from, derived from CONCORD_SECRET_KEY with its own label. */
export function filesKey(secret: KeyObject): KeyObject {
  return deriveKey(secret, "concord/files/v1");
}

function fileKey(key: KeyObject, salt: Buffer): KeyObject {
  return createSecretKey(Buffer.from(hkdfSync("sha256", key, salt, "concord/file", 32)));
}

function nonce(index: number, last: boolean): Buffer {
  const n = Buffer.alloc(12);
  n.writeUIntBE(index, 0, 6);
  n[11] = last ? 1 : 0;
  return n;
}

/** Thrown when a stored file does not open: altered, cut short, or encrypted with another key. Says nothing of it. */
export class FileIntegrityError extends Error {
  constructor() {
    super("the stored file could not be decrypted (altered, incomplete, or encrypted with another key)");
    this.name = "FileIntegrityError";
  }
}

/** Plaintext in, header and sealed segments out. */
export function encryptStream(key: KeyObject): Transform {
  const salt = randomBytes(SALT_BYTES);
  const k = fileKey(key, salt);
  let pending: Buffer = Buffer.alloc(0);
  let index = 0;
  const sealSegment = (plain: Buffer, last: boolean): Buffer => {
    const cipher = createCipheriv("aes-256-gcm", k, nonce(index++, last));
    return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  };
  return new Transform({
    construct(callback) {
      this.push(Buffer.concat([MAGIC, salt]));
      callback();
    },
    transform(chunk: Buffer, _enc, callback: TransformCallback) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      // Keep at least one byte back: only at the end do we know which segment is the last.
      while (pending.length > SEGMENT_BYTES) {
        this.push(sealSegment(pending.subarray(0, SEGMENT_BYTES), false));
        pending = pending.subarray(SEGMENT_BYTES);
      }
      callback();
    },
    flush(callback: TransformCallback) {
      this.push(sealSegment(pending, true));
      callback();
    },
  });
}

/** Sealed file in, plaintext out; fails with FileIntegrityError on any alteration. Tries each key in turn on the
 *  first segment (the current key first, then earlier ones), so files survive a key change when the old key is given. */
export function decryptStream(keys: readonly KeyObject[]): Transform {
  const SEALED = SEGMENT_BYTES + TAG_BYTES;
  let pending: Buffer = Buffer.alloc(0);
  let candidates: KeyObject[] | null = null;
  let k: KeyObject | null = null;
  let index = 0;
  const openWith = (key: KeyObject, sealed: Buffer, i: number, last: boolean): Buffer | null => {
    if (sealed.length < TAG_BYTES) return null;
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, nonce(i, last), { authTagLength: TAG_BYTES });
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
    } catch {
      return null;
    }
  };
  const openSegment = (sealed: Buffer, last: boolean): Buffer => {
    if (!candidates) throw new FileIntegrityError();
    if (!k) {
      for (const candidate of candidates) {
        const plain = openWith(candidate, sealed, index, last);
        if (plain) {
          k = candidate;
          index++;
          return plain;
        }
      }
      throw new FileIntegrityError();
    }
    const plain = openWith(k, sealed, index++, last);
    if (!plain) throw new FileIntegrityError();
    return plain;
  };
  return new Transform({
    transform(chunk: Buffer, _enc, callback: TransformCallback) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      try {
        if (!candidates) {
          if (pending.length < HEADER_BYTES) return callback();
          if (!pending.subarray(0, MAGIC.length).equals(MAGIC)) throw new FileIntegrityError();
          const salt = pending.subarray(MAGIC.length, HEADER_BYTES);
          candidates = keys.map((key) => fileKey(key, salt));
          pending = pending.subarray(HEADER_BYTES);
        }
        while (pending.length > SEALED) {
          this.push(openSegment(pending.subarray(0, SEALED), false));
          pending = pending.subarray(SEALED);
        }
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        this.push(openSegment(pending, true));
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}
