/**
 * Signed-off minutes may be downloaded (Word or PDF) by anyone who may read them; drafts may not, because a draft
 * copy would outlive its corrections. The download routes refuse by this rule, and the pages offer the links by it.
 * Who may read the minutes at all is decided by the meeting service's membership and minutes-share checks.
 */
export function mayDownloadMinutes(meeting: { status: string }): boolean {
  return meeting.status === "finalised";
}
