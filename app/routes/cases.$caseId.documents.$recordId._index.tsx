import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CAVEAT_LABELS, CAVEATS, MARKINGS } from "~/access/vocabulary";
import { CaseHeader } from "~/components/case-header";
import { DocumentSummary } from "~/components/documents";
import { AppForm, Button, Checkboxes, ErrorSummary, Radios } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { doneText, SuccessBanner } from "~/components/success-banner";
import { formatDateTime } from "~/domain/dates";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { changeDocumentHandling, documentDetail } from "~/services/documents.server";
import { SCAN_LABELS } from "~/domain/document-scan";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `${data.document.title}: case ${data.case.reference}` : "Document");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return {
    ...documentDetail(actor, params.caseId ?? "", params.recordId ?? ""),
    done: doneText(request, {
      added: "Document uploaded",
      quarantined: "Malware was found in the file: it is held back and nobody can open it",
      handling: "Handling changed",
    }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = changeDocumentHandling(
    actor,
    params.caseId ?? "",
    params.recordId ?? "",
    formValues(await request.formData()),
  );
  if (!result.ok) return data({ errors: result.errors }, { status: 400 });
  throw redirect(
    `/cases/${encodeURIComponent(params.caseId ?? "")}/documents/${encodeURIComponent(params.recordId ?? "")}?done=handling`,
  );
}

const SEEN_HOW: Record<string, string> = {
  "document.open": "Opened",
  "document.download": "Downloaded",
  "document.thumbnail": "Saw the preview",
};

export default function DocumentPage() {
  const {
    case: c,
    document: d,
    copies,
    seenBy,
    canChangeHandling,
    canUploadRedacted,
    canShare,
    done,
  } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors;
  const base = `/cases/${c.id}/documents`;
  const file = `${base}/${d.id}/file`;
  const caveatValues = CAVEATS.filter((cav) => d.caveats.includes(CAVEAT_LABELS[cav]));
  return (
    <>
      <SuccessBanner text={done} />
      <ErrorSummary errors={errors} fieldOrder={["marking", "caveats"]} />
      <CaseHeader c={c} title={d.title} />
      <p className="govuk-body" data-testid="scan-status">
        {SCAN_LABELS[d.scan]}
      </p>
      {d.openable ? (
        <>
          {d.show === "image" ? (
            <p className="govuk-body">
              <a className="govuk-link" href={`${file}?as=inline`}>
                <img
                  src={`${file}?as=thumbnail`}
                  alt={`Preview of ${d.title}`}
                  className="app-document-thumbnail"
                  data-testid="thumbnail"
                />
              </a>
            </p>
          ) : null}
          <div className="govuk-button-group">
            {d.show !== "download" ? (
              <a className="govuk-button" href={`${file}?as=inline`} data-testid="open-document">
                Open {d.show === "pdf" ? "the PDF" : "the image"}
              </a>
            ) : null}
            <a
              className={`govuk-button${d.show !== "download" ? " govuk-button--secondary" : ""}`}
              href={`${file}?as=download`}
              data-testid="download-document"
            >
              Download{d.fileName ? ` ${d.fileName}` : ""}
            </a>
            {canShare ? (
              <Link className="govuk-button govuk-button--secondary" to={`/records/${d.id}/share`}>
                Share
              </Link>
            ) : null}
            {canUploadRedacted ? (
              <Link className="govuk-button govuk-button--secondary" to={`${base}/new?redactedFrom=${d.id}`}>
                Upload a redacted copy
              </Link>
            ) : null}
          </div>
        </>
      ) : null}
      <DocumentSummary d={d} href={`${base}/${d.id}`} />
      {d.redactedFromId ? (
        <p className="govuk-body">
          This is a redacted copy of{" "}
          <Link className="govuk-link" to={`${base}/${d.redactedFromId}`}>
            another document
          </Link>
          .
        </p>
      ) : null}
      {copies.length ? (
        <>
          <h2 className="govuk-heading-m">Redacted copies</h2>
          <ul className="govuk-list">
            {copies.map((copy) => (
              <li key={copy.id}>
                <Link className="govuk-link" to={`${base}/${copy.id}`}>
                  {copy.title}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {canChangeHandling ? (
        <AppForm method="post">
          <h2 className="govuk-heading-m">Change handling</h2>
          <Radios
            name="marking"
            legend="Security marking"
            inline
            value={d.marking}
            error={errors?.marking}
            items={MARKINGS.map((m) => ({ value: m, text: m }))}
            legendSize="s"
          />
          <Checkboxes
            name="caveats"
            legend="Handling caveats"
            hint="A caveat narrows who can see this document, whatever else would allow it."
            values={caveatValues}
            error={errors?.caveats}
            items={CAVEATS.map((cav) => ({ value: cav, text: CAVEAT_LABELS[cav] }))}
            legendSize="s"
          />
          <Button secondary>Save handling</Button>
        </AppForm>
      ) : null}
      {seenBy ? (
        <>
          <h2 className="govuk-heading-m">Who has seen this document</h2>
          {seenBy.length ? (
            <table className="govuk-table" data-testid="seen-by">
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Person
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Agency
                  </th>
                  <th scope="col" className="govuk-table__header">
                    What
                  </th>
                  <th scope="col" className="govuk-table__header">
                    When
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {seenBy.map((s, i) => (
                  <tr className="govuk-table__row" key={i}>
                    <td className="govuk-table__cell">{s.name}</td>
                    <td className="govuk-table__cell">{s.agency}</td>
                    <td className="govuk-table__cell">{SEEN_HOW[s.action] ?? s.action}</td>
                    <td className="govuk-table__cell">{formatDateTime(s.at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="govuk-body">Nobody has opened it yet.</p>
          )}
        </>
      ) : null}
    </>
  );
}
