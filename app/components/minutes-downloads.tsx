/**
 * Links to the signed-off minutes as a Word file and a PDF. Plain links, not client navigation: they are files.
 * Shown only where mayDownloadMinutes allows, the rule the download routes refuse by.
 */
export function MinutesDownloads({ meetingId, title }: { meetingId: string; title: string }) {
  return (
    <ul className="govuk-list" data-testid="minutes-downloads">
      <li>
        <a className="govuk-link" href={`/meetings/${meetingId}/minutes.docx`} download>
          Download the minutes as a Word document<span className="govuk-visually-hidden">{`: ${title}`}</span>
        </a>
      </li>
      <li>
        <a className="govuk-link" href={`/meetings/${meetingId}/minutes.pdf`} download>
          Download the minutes as a PDF<span className="govuk-visually-hidden">{`: ${title}`}</span>
        </a>
      </li>
    </ul>
  );
}
