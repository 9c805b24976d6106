import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CaseHeader } from "~/components/case-header";
import { AppForm, Button, ErrorSummary, TextArea, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { doneText, SuccessBanner } from "~/components/success-banner";
import { WithheldValue } from "~/components/withheld";
import { formatDateTime } from "~/domain/dates";
import { formValues } from "~/forms/parse-form";
import { editNote, noteDetail, retractNote, type NoteConflict } from "~/services/case-notes.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `${data.note.title}: case ${data.case.reference}` : "Note");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return {
    ...noteDetail(actor, params.caseId ?? "", params.recordId ?? ""),
    done: doneText(request, { changed: "Note changed", retracted: "Note retracted" }),
  };
}

type ActionData = {
  intent: "edit" | "retract";
  errors: Record<string, string>;
  values: Record<string, string | string[]>;
  conflict: NoteConflict | null;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const caseId = params.caseId ?? "";
  const recordId = params.recordId ?? "";
  const values = formValues(await request.formData());
  const here = `/cases/${encodeURIComponent(caseId)}/notes/${encodeURIComponent(recordId)}`;
  if (values.intent === "retract") {
    const result = retractNote(actor, caseId, recordId, values);
    if (!result.ok)
      return data<ActionData>(
        { intent: "retract", errors: result.errors, values: result.values, conflict: null },
        { status: 400 },
      );
    throw redirect(`${here}?done=retracted`);
  }
  const result = editNote(actor, caseId, recordId, values);
  if (!result.ok)
    return data<ActionData>(
      { intent: "edit", errors: result.errors, values: result.values, conflict: result.conflict ?? null },
      { status: result.conflict ? 409 : 400 },
    );
  throw redirect(`${here}?done=changed`);
}

export default function NotePage() {
  const { case: c, note, history, canEdit, editableUntil, canRetract, canShare, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const editErrors = result?.intent === "edit" ? result.errors : undefined;
  const retractErrors = result?.intent === "retract" ? result.errors : undefined;
  const conflict = result?.intent === "edit" ? result.conflict : null;
  const v = (name: string, fallback: string) =>
    result?.intent === "edit" && typeof result.values[name] === "string" ? (result.values[name] as string) : fallback;
  const reason =
    result?.intent === "retract" && typeof result.values.reason === "string" ? result.values.reason : undefined;
  return (
    <>
      <SuccessBanner text={result ? null : done} />
      <ErrorSummary errors={editErrors ?? retractErrors} fieldOrder={["form", "title", "summary", "text", "reason"]} />
      <CaseHeader c={c} title={note.title} />
      <p className="govuk-body">
        <Link className="govuk-link" to={`/cases/${c.id}/notes`}>
          All notes on this case
        </Link>
        {canShare ? (
          <>
            {" · "}
            <Link className="govuk-link" to={`/records/${note.id}/share`}>
              Share<span className="govuk-visually-hidden"> {note.title}</span>
            </Link>
          </>
        ) : null}
      </p>
      {note.retracted ? (
        <div className="govuk-warning-text" data-testid="retracted">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            This note was retracted on {formatDateTime(note.retracted.at)}
            {note.retracted.by ? ` by ${note.retracted.by}` : ""}.
            {note.retracted.reason ? ` Reason: ${note.retracted.reason}` : ""}
          </strong>
        </div>
      ) : null}

      <dl className="govuk-summary-list" data-testid="note">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Summary</dt>
          <dd className="govuk-summary-list__value">{note.summary}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Note</dt>
          <dd className="govuk-summary-list__value" data-testid="note-text">
            {note.withheld ? (
              <WithheldValue value={note.withheld} requestHref={`/records/${note.id}/request-access`} />
            ) : (
              <span className="app-multiline">{note.text}</span>
            )}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Written by</dt>
          <dd className="govuk-summary-list__value">
            {note.level === "full" ? `${note.author}, ` : ""}
            {note.ownerAgency}, {formatDateTime(note.createdAt)}
          </dd>
        </div>
        {note.version > 1 ? (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Version</dt>
            <dd className="govuk-summary-list__value">
              Version {note.version}, changed {formatDateTime(note.updatedAt)}
            </dd>
          </div>
        ) : null}
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Kind of information</dt>
          <dd className="govuk-summary-list__value">{note.category}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Handling</dt>
          <dd className="govuk-summary-list__value">
            {note.marking}
            {note.caveats.length ? `; ${note.caveats.join(", ")}` : ""}
          </dd>
        </div>
      </dl>

      {conflict ? (
        <div data-testid="conflict">
          <h2 className="govuk-heading-m">Someone changed this note since you opened it</h2>
          <p className="govuk-body">
            Nothing you wrote has been saved. Compare the two versions. To keep yours, check it below and save again: it
            will replace version {conflict.current.version}, which is kept in the history.
          </p>
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-one-half">
              <h3 className="govuk-heading-s">The note now (version {conflict.current.version})</h3>
              <p className="govuk-body">
                <strong>{conflict.current.title}</strong>
              </p>
              <p className="govuk-body">{conflict.current.summary}</p>
              <p className="govuk-body app-multiline" data-testid="conflict-current">
                {conflict.current.text}
              </p>
            </div>
            <div className="govuk-grid-column-one-half">
              <h3 className="govuk-heading-s">Your changes</h3>
              <p className="govuk-body">
                <strong>{conflict.yours.title}</strong>
              </p>
              <p className="govuk-body">{conflict.yours.summary}</p>
              <p className="govuk-body app-multiline" data-testid="conflict-yours">
                {conflict.yours.text}
              </p>
            </div>
          </div>
        </div>
      ) : null}

      {canEdit ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h2 className="govuk-heading-m">Change this note</h2>
            <p className="govuk-body">
              You can change this note until {formatDateTime(editableUntil)}. Earlier versions are kept and shown below.
            </p>
            <AppForm method="post" key={note.version}>
              <input type="hidden" name="intent" value="edit" />
              <input type="hidden" name="baseVersion" value={conflict ? conflict.current.version : note.version} />
              <TextInput
                name="title"
                label="Title"
                hint="Shown to people who may see only a summary: do not put details here."
                defaultValue={v("title", note.title)}
                error={editErrors?.title}
              />
              <TextInput
                name="summary"
                label="Summary line"
                defaultValue={v("summary", note.summary)}
                error={editErrors?.summary}
              />
              <TextArea
                name="text"
                label="Note"
                defaultValue={v("text", note.text ?? "")}
                error={editErrors?.text}
                rows={10}
              />
              <Button>Save changes</Button>
            </AppForm>
          </div>
        </div>
      ) : null}

      {canRetract ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h2 className="govuk-heading-m">Retract this note</h2>
            <p className="govuk-body">
              A retracted note is never deleted: it stays on the case, marked as retracted, with your reason.
            </p>
            <AppForm method="post">
              <input type="hidden" name="intent" value="retract" />
              <TextArea
                name="reason"
                label="Why are you retracting it?"
                hint="Between 20 and 2,000 characters. People who can read the note will see this."
                defaultValue={reason}
                error={retractErrors?.reason}
                rows={4}
              />
              <Button warning>Retract note</Button>
            </AppForm>
          </div>
        </div>
      ) : null}

      {history.length ? (
        <>
          <h2 className="govuk-heading-m">Earlier versions</h2>
          {history.map((h) => (
            <div className="govuk-summary-card" key={h.version} data-testid="note-version">
              <div className="govuk-summary-card__title-wrapper">
                <h3 className="govuk-summary-card__title">
                  Version {h.version}, written by {h.author}, replaced {formatDateTime(h.replacedAt)}
                </h3>
              </div>
              <div className="govuk-summary-card__content">
                <dl className="govuk-summary-list">
                  <div className="govuk-summary-list__row">
                    <dt className="govuk-summary-list__key">Title</dt>
                    <dd className="govuk-summary-list__value">{h.title}</dd>
                  </div>
                  <div className="govuk-summary-list__row">
                    <dt className="govuk-summary-list__key">Summary</dt>
                    <dd className="govuk-summary-list__value">{h.summary}</dd>
                  </div>
                  <div className="govuk-summary-list__row">
                    <dt className="govuk-summary-list__key">Note</dt>
                    <dd className="govuk-summary-list__value app-multiline">{h.text}</dd>
                  </div>
                </dl>
              </div>
            </div>
          ))}
        </>
      ) : null}
    </>
  );
}
