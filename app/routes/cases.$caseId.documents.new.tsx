import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CATEGORY_LABELS, CAVEAT_LABELS, CAVEATS, MARKINGS } from "~/access/vocabulary";
import { CaseHeader } from "~/components/case-header";
import { ScanNotice } from "~/components/documents";
import {
  AppForm,
  Button,
  Checkboxes,
  ErrorSummary,
  HintAndError,
  Radios,
  Select,
  TextArea,
  TextInput,
} from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { requireActor } from "~/services/current-user.server";
import { documentUploadForm, uploadDocuments } from "~/services/documents.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Upload documents: case ${data.case.reference}` : "Upload documents");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return documentUploadForm(
    actor,
    params.caseId ?? "",
    new URL(request.url).searchParams.get("redactedFrom") ?? undefined,
  );
}

// The body is streamed here, not read by the server first (server/request-body.ts isStreamedUpload).
export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const caseId = params.caseId ?? "";
  const result = await uploadDocuments(actor, caseId, request, context.csrfToken);
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  const where =
    result.ids.length === 1
      ? `/cases/${encodeURIComponent(caseId)}/documents/${result.ids[0]}`
      : `/cases/${encodeURIComponent(caseId)}/documents`;
  throw redirect(`${where}?done=${result.quarantined ? "quarantined" : "added"}`);
}

export default function UploadDocuments() {
  const { case: c, categories, linkable, original, maxFileSize, maxFiles, scanner } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const v = result?.values;
  const text = (name: string) => (typeof v?.[name] === "string" ? (v[name] as string) : undefined);
  const caveats = v ? (Array.isArray(v.caveats) ? v.caveats : v.caveats ? [v.caveats] : []) : [];
  return (
    <>
      <ErrorSummary
        errors={errors}
        fieldOrder={["files", "category", "title", "description", "marking", "caveats", "status", "linkedRecordId"]}
      />
      <CaseHeader c={c} title={original ? "Upload a redacted copy" : "Upload documents"} />
      {scanner ? null : <ScanNotice />}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {original ? (
            <p className="govuk-body">
              A redacted copy of {original.title}. It is kept beside the original as its own record: share the copy, not
              the original.
            </p>
          ) : null}
          <AppForm method="post" encType="multipart/form-data" reloadDocument>
            {original ? <input type="hidden" name="redactedFromId" value={original.id} /> : null}
            <div className={`govuk-form-group${errors?.files ? " govuk-form-group--error" : ""}`}>
              <label className="govuk-label govuk-label--m" htmlFor="files">
                {original ? "Redacted file" : "Files"}
              </label>
              <HintAndError
                hintId="files-hint"
                hint={`Images (PNG, JPEG, GIF, WebP), PDFs, Word documents, text files or emails (.eml, .msg). Up to ${maxFiles} files, each up to ${maxFileSize}.`}
                errorId="files-error"
                error={errors?.files}
              />
              <input
                className={`govuk-file-upload${errors?.files ? " govuk-file-upload--error" : ""}`}
                id="files"
                name="files"
                type="file"
                multiple={!original}
                aria-describedby={`files-hint${errors?.files ? " files-error" : ""}`}
              />
            </div>
            <Radios
              name="category"
              legend="What kind of information is it?"
              hint="This decides who can see it, as for any record."
              value={text("category") ?? original?.category}
              error={errors?.category}
              items={categories.map((cat) => ({ value: cat, text: CATEGORY_LABELS[cat] }))}
            />
            <TextInput
              name="title"
              label="Title"
              hint="Shown to people who may see only a summary: do not put details here. Several files are numbered (1 of 3)."
              defaultValue={text("title")}
              error={errors?.title}
            />
            <TextArea
              name="description"
              label="Description (optional)"
              hint="What the files show and where they came from."
              defaultValue={text("description")}
              error={errors?.description}
              rows={4}
            />
            <Radios
              name="marking"
              legend="Security marking"
              inline
              value={text("marking") ?? "OFFICIAL-SENSITIVE"}
              error={errors?.marking}
              items={MARKINGS.map((m) => ({ value: m, text: m }))}
            />
            <Checkboxes
              name="caveats"
              legend="Handling caveats"
              hint="A caveat narrows who can see these files, whatever else would allow it. You can change this for each file afterwards."
              values={caveats}
              error={errors?.caveats}
              items={CAVEATS.map((cav) => ({ value: cav, text: CAVEAT_LABELS[cav] }))}
            />
            <Radios
              name="status"
              legend="Is it final?"
              inline
              value={text("status") ?? "final"}
              error={errors?.status}
              items={[
                { value: "final", text: "Final" },
                { value: "draft", text: "Draft (only your agency sees drafts)" },
              ]}
            />
            {linkable.length ? (
              <Select
                name="linkedRecordId"
                label="Evidence for (optional)"
                emptyText="Not linked"
                value={text("linkedRecordId")}
                error={errors?.linkedRecordId}
                items={linkable.map((r) => ({ value: r.id, text: r.title }))}
              />
            ) : null}
            <div className="govuk-button-group">
              <Button>Upload</Button>
              <Link className="govuk-link" to={`/cases/${c.id}/documents`}>
                Cancel
              </Link>
            </div>
          </AppForm>
        </div>
      </div>
    </>
  );
}
