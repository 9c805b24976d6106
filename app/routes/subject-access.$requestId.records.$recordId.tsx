import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AppForm, Button, ErrorSummary, Radios, TextArea } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { formatDate } from "~/domain/dates";
import { EXEMPTION_LABELS, EXEMPTIONS } from "~/domain/subject-access";
import { notFound } from "~/access/gate.server";
import { formValues } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { decideSubjectAccessItem, getSubjectAccess } from "~/services/subject-access.server";

export const meta: MetaFunction = () => pageTitle("Decide on a record for subject access");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const view = getSubjectAccess(actor, params.requestId ?? "");
  const item = view.items.find((i) => i.recordId === params.recordId);
  if (!item) throw notFound();
  return { requestId: view.id, personName: view.personName, item: { ...item, content: null } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const result = decideSubjectAccessItem(
    actor,
    params.requestId ?? "",
    params.recordId ?? "",
    formValues(await request.formData()),
  );
  if (!result.ok) return data({ errors: result.errors, values: result.values }, { status: 400 });
  throw redirect(`/subject-access/${params.requestId}?done=decided`);
}

export default function DecideSubjectAccessItem() {
  const { requestId, personName, item: i } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const v = (result?.values ?? {}) as Record<string, string>;
  const e = result?.errors;
  const withhold = (
    <>
      <Radios
        name="exemption"
        legend="The exemption"
        legendSize="s"
        value={v.exemption ?? i.exemption ?? undefined}
        error={e?.exemption}
        items={EXEMPTIONS.map((x) => ({ value: x, text: EXEMPTION_LABELS[x] }))}
      />
      <TextArea
        name="reason"
        label="Why it applies to this record"
        defaultValue={v.reason ?? i.reason ?? ""}
        error={e?.reason}
        rows={3}
      />
    </>
  );
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={e} fieldOrder={["decision", "withholdThirdParties", "exemption", "reason"]} />
        <span className="govuk-caption-l">Subject access request: {personName}</span>
        <h1 className="govuk-heading-l">
          {i.caseReference}: {i.categoryLabel}
        </h1>
        <p className="govuk-body">
          Held by {i.agencyName}, recorded {formatDate(i.recordedOn)}.
        </p>
        <AppForm method="post" noValidate>
          <Radios
            name="decision"
            legend="Your decision"
            value={v.decision ?? i.decision}
            error={e?.decision}
            items={[
              ...(i.own
                ? [
                    {
                      value: "disclose",
                      text: "Disclose it",
                      conditional: (
                        <Radios
                          name="withholdThirdParties"
                          legend="Other people's details (highlighted on the request's page)"
                          legendSize="s"
                          value={v.withholdThirdParties ?? (i.withholdThirdParties ? "yes" : "no")}
                          error={e?.withholdThirdParties}
                          items={[
                            { value: "yes", text: "Withhold them" },
                            {
                              value: "no",
                              text: "Disclose them too (the other person consents, or it is reasonable without consent)",
                            },
                          ]}
                        />
                      ),
                    },
                  ]
                : []),
              { value: "withhold", text: "Withhold it", conditional: withhold },
            ]}
          />
          <Button>Save the decision</Button>
        </AppForm>
        <p className="govuk-body">
          <Link className="govuk-link" to={`/subject-access/${requestId}`}>
            Back to the request
          </Link>
        </p>
      </div>
    </div>
  );
}
