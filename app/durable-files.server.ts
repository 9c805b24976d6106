// File writes that survive a power cut once they return: data forced to disk, and the directory entry of a new
// file too. Used for audit checkpoints, backups and their manifests.
import fs from "node:fs";
import path from "node:path";

/** fsync a file or a directory by path. */
export function fsyncPath(p: string): void {
  const fd = fs.openSync(p, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes (flag "w") or appends (flag "a") text, forced to disk before returning; a new file's directory too. */
export function writeFileDurably(file: string, text: string, flag: "w" | "a" = "w"): void {
  const dir = path.dirname(path.resolve(file));
  const created = !fs.existsSync(file);
  if (created) fs.mkdirSync(dir, { recursive: true });
  const fd = fs.openSync(file, flag, 0o600);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  if (created || flag === "w") fsyncPath(dir);
}
