import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CATEGORY_LABELS, CAVEAT_LABELS, CAVEATS, MARKINGS } from "~/access/vocabulary";
import { CaseHeader } from "~/components/case-header";
import { AppForm, Button, Checkboxes, ErrorSummary, Radios, TextArea, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { formValues } from "~/forms/parse-form";
import { createNote, NOTE_TEXT_MAX, newNoteForm } from "~/services/case-notes.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Add a note: case ${data.case.reference}` : "Add a note");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { ...newNoteForm(actor, params.caseId ?? ""), textMax: NOTE_TEXT_MAX };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = createNote(actor, params.caseId ?? "", formValues(await request.formData()));
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/cases/${encodeURIComponent(params.caseId ?? "")}/notes?done=added`);
}

export default function NewNote() {
  const { case: c, categories, defaults, textMax } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors;
  const v = result?.values;
  const text = (name: string) => (typeof v?.[name] === "string" ? (v[name] as string) : undefined);
  const caveats = v ? (Array.isArray(v.caveats) ? v.caveats : v.caveats ? [v.caveats] : []) : defaults.caveats;
  return (
    <>
      <ErrorSummary errors={errors} fieldOrder={["category", "title", "summary", "text", "marking", "caveats"]} />
      <CaseHeader c={c} title="Add a note" />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <AppForm method="post">
            <Radios
              name="category"
              legend="What kind of information is it?"
              hint="This decides who can see it. It starts at the usual choice for your agency."
              value={text("category") ?? defaults.category ?? undefined}
              error={errors?.category}
              items={categories.map((cat) => ({ value: cat, text: CATEGORY_LABELS[cat] }))}
            />
            <TextInput
              name="title"
              label="Title"
              hint="Shown to people who may see only a summary: do not put details here."
              defaultValue={text("title")}
              error={errors?.title}
            />
            <TextInput
              name="summary"
              label="Summary line"
              hint="One line others on the team may see. No names, addresses or clinical detail."
              defaultValue={text("summary")}
              error={errors?.summary}
            />
            <TextArea
              name="text"
              label="Note"
              labelSize="m"
              hint={`Up to ${textMax.toLocaleString("en-GB")} characters. You can change it for 24 hours after saving; earlier versions are kept.`}
              defaultValue={text("text")}
              error={errors?.text}
              rows={10}
            />
            <Radios
              name="marking"
              legend="Security marking"
              inline
              value={text("marking") ?? defaults.marking}
              error={errors?.marking}
              items={MARKINGS.map((m) => ({ value: m, text: m }))}
            />
            <Checkboxes
              name="caveats"
              legend="Handling caveats"
              hint="A caveat narrows who can see this, whatever else would allow it. Victim contact information always carries the victim-confidential caveat."
              values={caveats}
              error={errors?.caveats}
              items={CAVEATS.map((cav) => ({ value: cav, text: CAVEAT_LABELS[cav] }))}
            />
            <div className="govuk-button-group">
              <Button>Save note</Button>
              <Link className="govuk-link" to={`/cases/${c.id}/notes`}>
                Cancel
              </Link>
            </div>
          </AppForm>
        </div>
      </div>
    </>
  );
}
