import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

// The minutes download routes on the real server: they resolve as resource routes (no page), ask for sign-in,
// and answer a meeting the reader may not see with a bare 404 that confirms nothing. The full download (a
// signed-off meeting, parsed) is covered in tests/integration/minutes-export.test.ts.
test.describe("minutes downloads", () => {
  test("need sign-in, and refuse a meeting the reader is not invited to", async ({ page }) => {
    const id = randomUUID();
    for (const ext of ["docx", "pdf"]) {
      const signedOut = await page.request.get(`/meetings/${id}/minutes.${ext}`, { maxRedirects: 0 });
      expect(signedOut.status()).toBe(302);
      expect(signedOut.headers()["location"]).toBe(
        `/login?returnTo=${encodeURIComponent(`/meetings/${id}/minutes.${ext}`)}`,
      );
    }
    await signIn(page, "advocate@isac.concord.test");
    for (const ext of ["docx", "pdf"]) {
      const refused = await page.request.get(`/meetings/${id}/minutes.${ext}`, { maxRedirects: 0 });
      expect(refused.status()).toBe(404);
      expect(refused.headers()["content-disposition"]).toBeUndefined();
      expect(await refused.text()).toBe("Not found");
    }
  });
});
