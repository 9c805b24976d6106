/** A rendered export, ready to send. */
export type ExportedFile = {
  filename: string;
  contentType: string;
  body: Buffer;
};
export type ExportFormat = "docx" | "pdf";

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
};

/** The download response: an attachment with a safe name, never cached (exports are OFFICIAL-SENSITIVE). */
export function downloadResponse(file: ExportedFile): Response {
  return new Response(new Uint8Array(file.body), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Content-Length": String(file.body.length),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
