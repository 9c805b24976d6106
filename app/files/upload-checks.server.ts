// What may be uploaded (decision 0052): the type is decided from the content (file-type's magic numbers, then our
// own checks for text), never from the name or the browser's Content-Type, against an allow-list; names are
// checked, never used to store or serve a file.
import { fileTypeFromBuffer } from "file-type";
import { inflateRawSync, inflateSync } from "node:zlib";

export type AllowedType = { mediaType: string; extension: string; label: string; show: "image" | "pdf" | "download" };

const IMAGES: Record<string, AllowedType> = {
  png: { mediaType: "image/png", extension: "png", label: "PNG image", show: "image" },
  jpg: { mediaType: "image/jpeg", extension: "jpg", label: "JPEG image", show: "image" },
  gif: { mediaType: "image/gif", extension: "gif", label: "GIF image", show: "image" },
  webp: { mediaType: "image/webp", extension: "webp", label: "WebP image", show: "image" },
};
const PDF: AllowedType = { mediaType: "application/pdf", extension: "pdf", label: "PDF", show: "pdf" };
const DOCX: AllowedType = {
  mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  extension: "docx",
  label: "Word document",
  show: "download",
};
const DOC: AllowedType = {
  mediaType: "application/msword",
  extension: "doc",
  label: "Word document",
  show: "download",
};
const MSG: AllowedType = {
  mediaType: "application/vnd.ms-outlook",
  extension: "msg",
  label: "Outlook email",
  show: "download",
};
const TEXT: AllowedType = {
  mediaType: "text/plain; charset=utf-8",
  extension: "txt",
  label: "text file",
  show: "download",
};
const EML: AllowedType = { mediaType: "message/rfc822", extension: "eml", label: "email", show: "download" };

/** Every type a stored document can be served as: the only Content-Types a file response ever carries. */
export const ALLOWED_TYPES: readonly AllowedType[] = [...Object.values(IMAGES), PDF, DOCX, DOC, MSG, TEXT, EML];

export const TYPE_REFUSAL =
  "The selected file must be an image (PNG, JPEG, GIF or WebP), a PDF, a Word document, a text file or an email (.eml or .msg)";
export const HTML_REFUSAL =
  "The selected file is a web page (HTML or SVG): save it as a PDF or take a screenshot and upload that";
export const NAME_REFUSAL =
  "The file name must be a plain name without folders (no / or \\), control characters or leading dots";
export const PDF_BOMB_REFUSAL =
  "The selected PDF expands to far more data than it holds, which is how some harmful files are built: save it again as a new PDF and upload that";
export const EMPTY_REFUSAL = "The selected file is empty";
export const ZIP_BOMB_REFUSAL =
  "The selected Word document expands to far more data than it holds, or holds too many parts, which is how some harmful files are built: save it again as a new document and upload that";

/** The type of the content, or why it is refused. `claimedName` only tells .eml/.msg/.doc apart where the
 *  content is of a shared container format; it never makes a refused content acceptable. */
export async function decideType(
  head: Buffer,
  claimedName: string,
): Promise<{ ok: true; type: AllowedType } | { ok: false; message: string }> {
  if (head.length === 0) return { ok: false, message: EMPTY_REFUSAL };
  const detected = await fileTypeFromBuffer(head);
  const claimed = claimedName.toLowerCase().split(".").pop() ?? "";
  if (detected) {
    if (IMAGES[detected.ext]) return { ok: true, type: IMAGES[detected.ext]! };
    if (detected.ext === "pdf") return { ok: true, type: PDF };
    if (detected.ext === "docx") return { ok: true, type: DOCX };
    // Word 97-2003 and Outlook .msg are both Compound File Binary containers.
    if (detected.ext === "cfb") return { ok: true, type: claimed === "msg" ? MSG : DOC };
    if (detected.ext === "html" || detected.ext === "svg" || detected.ext === "xml")
      return { ok: false, message: HTML_REFUSAL };
    return { ok: false, message: TYPE_REFUSAL };
  }
  return decideText(head, claimed);
}

function decideText(head: Buffer, claimed: string): { ok: true; type: AllowedType } | { ok: false; message: string } {
  if (head.includes(0)) return { ok: false, message: TYPE_REFUSAL };
  const text = new TextDecoder("utf-8", { fatal: false }).decode(head);
  // A replacement character means it is not UTF-8 text (except possibly at a cut in the head).
  if (text.slice(0, -4).includes("\uFFFD")) return { ok: false, message: TYPE_REFUSAL };
  // Markup of any kind could run as a page if a browser were ever talked into sniffing it: refused outright.
  if (/^\s*</.test(text) || /<\s*(html|script|svg|iframe|body|head|meta|object|embed)\b/i.test(text))
    return { ok: false, message: HTML_REFUSAL };
  if (
    /^(?:[A-Za-z-]+:[^\r\n]*\r?\n)+/.test(text) &&
    /^(from|to|subject|date|received|message-id|return-path|mime-version):/im.test(text) &&
    claimed === "eml"
  )
    return { ok: true, type: EML };
  return { ok: true, type: TEXT };
}

/** A name as the browser sent it: a plain file name, else refused (a browser sends no folders). */
export function checkFileName(name: string): { ok: true; name: string } | { ok: false; message: string } {
  const normal = name.normalize("NFC").trim();
  if (!normal) return { ok: false, message: "Select a file" };
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[/\\]/.test(normal) || /[\u0000-\u001f\u007f]/.test(normal) || normal.startsWith(".") || normal.includes(".."))
    return { ok: false, message: NAME_REFUSAL };
  if (normal.length > 200) return { ok: false, message: "The file name must be 200 characters or fewer" };
  return { ok: true, name: normal };
}

/** A name safe for Content-Disposition whatever the original: ASCII fallback plus RFC 5987 UTF-8 form. */
export function contentDisposition(kind: "inline" | "attachment", shownName: string, extension: string): string {
  const base = shownName.replace(/\.[^.]*$/, "") || "document";
  const ascii = base.replace(/[^A-Za-z0-9 ._-]/g, "_").slice(0, 100) || "document";
  const utf8 = encodeURIComponent(`${base.slice(0, 150)}.${extension}`).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}.${extension}"; filename*=UTF-8''${utf8}`;
}

/** How much a PDF's compressed streams may expand: at most this many times the file, and never past the cap. */
export const PDF_EXPANSION_RATIO = 100;
export const PDF_EXPANSION_CAP = 256 * 1024 * 1024;

/**
 * Whether a PDF's Flate streams expand within bounds (a "zip bomb" PDF holds a small stream that inflates to
 * gigabytes and takes down whatever renders or indexes it). Each stream is inflated with an output limit, so the
 * check itself cannot be made to use more than the cap.
 */
export function pdfExpandsSafely(pdf: Buffer): boolean {
  const budget = Math.min(PDF_EXPANSION_CAP, Math.max(pdf.length * PDF_EXPANSION_RATIO, 16 * 1024 * 1024));
  let used = 0;
  const marker = Buffer.from("stream");
  const end = Buffer.from("endstream");
  let at = 0;
  while ((at = pdf.indexOf(marker, at)) !== -1) {
    if (pdf.subarray(Math.max(0, at - 3), at).toString("latin1") === "end") {
      at += marker.length;
      continue;
    }
    const dictStart = pdf.lastIndexOf(Buffer.from("<<"), at);
    const dict = dictStart === -1 ? "" : pdf.subarray(dictStart, at).toString("latin1");
    let start = at + marker.length;
    if (pdf[start] === 0x0d) start++;
    if (pdf[start] === 0x0a) start++;
    const stop = pdf.indexOf(end, start);
    if (stop === -1) break;
    if (/\/FlateDecode/.test(dict)) {
      try {
        used += inflateSync(pdf.subarray(start, stop), {
          maxOutputLength: budget - used + 1,
          finishFlush: 2 /* Z_SYNC_FLUSH: tolerate a missing end */,
        }).length;
      } catch (error) {
        if (error instanceof RangeError || (error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE")
          return false;
        // A stream that does not inflate is the PDF's own problem; it does not expand.
      }
      if (used > budget) return false;
    }
    at = stop + end.length;
  }
  return true;
}

/** Most parts a Word document (a zip) may hold: real ones hold tens to a few hundred. */
export const ZIP_MAX_ENTRIES = 5_000;

/**
 * Whether a zip-based upload (DOCX) expands within the same bounds as a PDF and holds at most ZIP_MAX_ENTRIES parts.
 * The sizes a zip declares can lie, so each part is inflated with an output limit (the check cannot be made to use
 * more than the budget); ZIP64, encrypted parts and compression other than stored or deflate are refused (Word
 * writes none of them at these sizes), as is a zip whose directory does not add up.
 */
export function zipExpandsSafely(zip: Buffer): boolean {
  const budget = Math.min(PDF_EXPANSION_CAP, Math.max(zip.length * PDF_EXPANSION_RATIO, 16 * 1024 * 1024));
  // The end of central directory record: the last 22 bytes, or further back by up to a 64 KB comment.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd === -1) return false;
  const entries = zip.readUInt16LE(eocd + 10);
  const directoryOffset = zip.readUInt32LE(eocd + 16);
  if (entries === 0xffff || directoryOffset === 0xffffffff || entries > ZIP_MAX_ENTRIES) return false;
  let used = 0;
  let at = directoryOffset;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) return false;
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const declared = zip.readUInt32LE(at + 24);
    const local = zip.readUInt32LE(at + 42);
    if (flags & 0x1 || compressed === 0xffffffff || declared === 0xffffffff || (method !== 0 && method !== 8))
      return false;
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50) return false;
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    if (start + compressed > zip.length) return false;
    const data = zip.subarray(start, start + compressed);
    if (method === 0) used += data.length;
    else {
      try {
        used += inflateRawSync(data, { maxOutputLength: budget - used + 1, finishFlush: 2 /* Z_SYNC_FLUSH */ }).length;
      } catch (error) {
        if (error instanceof RangeError || (error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE")
          return false;
        // A part that does not inflate is the document's own problem; it does not expand.
      }
    }
    if (used > budget) return false;
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return true;
}
