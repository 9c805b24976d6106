import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CaseHeader } from "~/components/case-header";
import { DocumentSummary, ScanNotice } from "~/components/documents";
import { pageTitle } from "~/components/page-title";
import { doneText, SuccessBanner } from "~/components/success-banner";
import { requireActor } from "~/services/current-user.server";
import { listDocuments } from "~/services/documents.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Documents: case ${data.case.reference}` : "Documents");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return {
    ...listDocuments(actor, params.caseId ?? ""),
    done: doneText(request, {
      added: "Documents uploaded",
      quarantined: "Documents uploaded: malware was found in one or more files, which are held back",
    }),
  };
}

export default function CaseDocuments() {
  const { case: c, documents, canAdd, scanner, done } = useLoaderData<typeof loader>();
  const base = `/cases/${c.id}`;
  return (
    <>
      <SuccessBanner text={done} />
      <CaseHeader c={c} title="Documents" />
      {scanner ? null : <ScanNotice />}
      {canAdd ? (
        <div className="govuk-button-group">
          <Link to={`${base}/documents/new`} className="govuk-button" data-module="govuk-button">
            Upload documents
          </Link>
        </div>
      ) : null}
      {documents.length === 0 ? (
        <p className="govuk-body" data-testid="no-documents">
          There are no documents on this case for you to see.
        </p>
      ) : (
        <p className="govuk-body">
          {documents.length === 1 ? "1 document" : `${documents.length} documents`} you can see, newest first.
        </p>
      )}
      {documents.map((d) => (
        <DocumentSummary key={d.id} d={d} href={`${base}/documents/${d.id}`} />
      ))}
    </>
  );
}
