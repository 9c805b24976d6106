import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, Checkboxes, ErrorSummary, Radios, TextInput } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { CATEGORY_LABELS, CAVEAT_LABELS, CAVEATS, MARKINGS } from "~/access/vocabulary";
import { parseForm } from "~/forms/parse-form";
import { categoriesFor, createRecord, NewRecordSchema } from "~/services/case-records.server";
import { caseOverview } from "~/services/cases.server";
import { requireActor } from "~/services/current-user.server";

export const meta: MetaFunction<typeof action> = ({ data }) => pageTitle("Add information", data?.errors);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const overview = caseOverview(actor, params.caseId ?? "");
  return { caseId: overview.case.id, reference: overview.case.reference, categories: categoriesFor(actor) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = parseForm(await request.formData(), NewRecordSchema);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  const result = createRecord(actor, params.caseId ?? "", form.data);
  if (!result.ok) return data({ errors: result.errors, values: form.data as Record<string, unknown> }, { status: 400 });
  throw redirect(`/cases/${params.caseId}`);
}

export default function NewRecord() {
  const { caseId, reference, categories } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const v = (result?.values ?? {}) as Record<string, string | string[] | undefined>;
  const caveats = Array.isArray(v.caveats) ? v.caveats : v.caveats ? [v.caveats] : [];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} fieldOrder={["category", "title", "summary", "text", "marking", "caveats"]} />
        <span className="govuk-caption-l">Case {reference}</span>
        <h1 className="govuk-heading-l">Add information</h1>
        {categories.length === 0 ? (
          <p className="govuk-body">Your agency does not record case information here.</p>
        ) : (
          <AppForm method="post">
            <Radios name="category" legend="What kind of information is it?" hint="This decides who can see it." value={v.category as string | undefined} error={result?.errors.category} items={categories.map((c) => ({ value: c, text: CATEGORY_LABELS[c] }))} />
            <TextInput name="title" label="Title" hint="Shown to people who may see only a summary: do not put details here." defaultValue={v.title as string | undefined} error={result?.errors.title} />
            <TextInput name="summary" label="Summary line" hint="One line others on the team may see. No names, addresses or clinical detail." defaultValue={v.summary as string | undefined} error={result?.errors.summary} />
            <div className={`govuk-form-group${result?.errors.text ? " govuk-form-group--error" : ""}`}>
              <label className="govuk-label" htmlFor="text">Details</label>
              {result?.errors.text ? (
                <p id="text-error" className="govuk-error-message">
                  <span className="govuk-visually-hidden">Error:</span> {result.errors.text}
                </p>
              ) : null}
              <textarea className={`govuk-textarea${result?.errors.text ? " govuk-textarea--error" : ""}`} id="text" name="text" rows={6} defaultValue={v.text as string | undefined} aria-describedby={result?.errors.text ? "text-error" : undefined} />
            </div>
            <Radios name="marking" legend="Security marking" inline value={(v.marking as string | undefined) ?? "OFFICIAL-SENSITIVE"} error={result?.errors.marking} items={MARKINGS.map((m) => ({ value: m, text: m }))} />
            <Checkboxes name="caveats" legend="Handling caveats" hint="A caveat narrows who can see this, whatever else would allow it." values={caveats} error={result?.errors.caveats} items={CAVEATS.map((c) => ({ value: c, text: CAVEAT_LABELS[c] }))} />
            <Button>Save</Button>
          </AppForm>
        )}
        <p className="govuk-body">
          <a className="govuk-link" href={`/cases/${caseId}`}>Back to the case</a>
        </p>
      </div>
    </div>
  );
}
