import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DocumentSections } from "~/components/document-view";
import { pageTitle } from "~/components/page-title";
import { requireActor } from "~/services/current-user.server";
import { agendaPackDocument } from "~/services/agenda-pack.server";

export const meta: MetaFunction = () => pageTitle("Your papers");

// The invitee's agenda pack: the same model the PDF is rendered from, cut for them through the gate.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const meetingId = params.meetingId ?? "";
  const doc = agendaPackDocument(actor, meetingId);
  return {
    meetingId,
    title: doc.title,
    subtitle: doc.subtitle ?? "",
    marking: doc.marking,
    statement: doc.confidentiality ?? "",
    sections: doc.sections,
    generatedFor: doc.generatedFor ?? "",
  };
}

export default function AgendaPack() {
  const pack = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full" data-testid="agenda-pack">
        <Link to={`/meetings/${pack.meetingId}`} className="govuk-back-link">
          Back to the meeting
        </Link>
        <strong className="govuk-tag govuk-tag--red">{pack.marking}</strong>
        <span className="govuk-caption-l govuk-!-margin-top-2">{pack.subtitle}</span>
        <h1 className="govuk-heading-l">Your papers: {pack.title}</h1>
        <div className="govuk-inset-text">
          <p className="govuk-body app-pre-line">{pack.statement}</p>
        </div>
        <p className="govuk-body">
          <a className="govuk-link" href={`/meetings/${pack.meetingId}/pack.pdf`} download>
            Download your papers (PDF)
          </a>
        </p>
        <DocumentSections sections={pack.sections} />
        <p className="govuk-body-s">{pack.generatedFor}</p>
      </div>
    </div>
  );
}
