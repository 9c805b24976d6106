import { Link } from "@remix-run/react";
import { WithheldValue } from "~/components/withheld";
import { formatDateTime } from "~/domain/dates";
import type { DocumentView } from "~/services/documents.server";

const SCAN_TAGS: Record<DocumentView["scan"], { text: string; colour: string }> = {
  not_scanned: { text: "Not scanned", colour: "govuk-tag--yellow" },
  awaiting_scan: { text: "Awaiting scan", colour: "govuk-tag--grey" },
  clean: { text: "Scanned", colour: "govuk-tag--green" },
  infected: { text: "Held back: malware", colour: "govuk-tag--red" },
};

/** Said on every documents page when no scanner is set up (CLAMD_SOCKET). */
export function ScanNotice() {
  return (
    <div className="govuk-warning-text" data-testid="not-scanned-notice">
      <span className="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong className="govuk-warning-text__text">
        <span className="govuk-visually-hidden">Warning</span>
        Files are not scanned for malware: no scanner is set up. Open files only if you trust where they came from.
      </strong>
    </div>
  );
}

export function DocumentSummary({ d, href }: { d: DocumentView; href: string }) {
  const tag = SCAN_TAGS[d.scan];
  return (
    <div className="govuk-summary-card" data-testid="document">
      <div className="govuk-summary-card__title-wrapper">
        <h2 className="govuk-summary-card__title">
          <Link className="govuk-link" to={href}>
            {d.title}
          </Link>
          <strong className={`govuk-tag ${tag.colour} app-tag-gap`}>{tag.text}</strong>
          {d.draft ? <strong className="govuk-tag govuk-tag--grey app-tag-gap">Draft</strong> : null}
        </h2>
      </div>
      <div className="govuk-summary-card__content">
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Summary</dt>
            <dd className="govuk-summary-list__value">{d.summary}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Description</dt>
            <dd className="govuk-summary-list__value">
              {d.withheld ? (
                <WithheldValue value={d.withheld} requestHref={`/records/${d.id}/request-access`} />
              ) : (
                <span className="app-multiline">{d.description || "None given"}</span>
              )}
            </dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Handling</dt>
            <dd className="govuk-summary-list__value">
              {d.category}, {d.marking}
              {d.caveats.length ? `, ${d.caveats.join(", ")}` : ""}
            </dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Uploaded by</dt>
            <dd className="govuk-summary-list__value">
              {d.level === "full" ? `${d.author}, ` : ""}
              {d.ownerAgency}, {formatDateTime(d.createdAt)}
            </dd>
          </div>
        </dl>
      </div>
    </div>
  );
}
