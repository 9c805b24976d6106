import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { AppForm, ErrorSummary } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { Pagination, withPage } from "~/components/pagination";
import { formatDateTime } from "~/domain/dates";
import { idField } from "~/forms/fields";
import { parseForm } from "~/forms/parse-form";
import { requireActor } from "~/services/current-user.server";
import { listNotifications, markNotificationsRead } from "~/services/notifications.server";

const MarkReadSchema = z.discriminatedUnion(
  "intent",
  [z.object({ intent: z.literal("read"), id: idField }), z.object({ intent: z.literal("read_all") })],
  {
    errorMap: () => ({ message: "Choose a notification to mark as read" }),
  },
);

export const meta: MetaFunction = () => pageTitle("Notifications");

function pageParam(url: URL): number {
  const page = Number(url.searchParams.get("page") ?? "1");
  return Number.isInteger(page) && page > 0 && page < 100_000 ? page : 1;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return listNotifications(actor, pageParam(new URL(request.url)));
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = parseForm(await request.formData(), MarkReadSchema);
  if (!form.ok) return data({ errors: { form: "Choose a notification to mark as read" } }, { status: 400 });
  markNotificationsRead(actor, form.data.intent === "read_all" ? "all" : { id: form.data.id });
  const page = pageParam(new URL(request.url));
  throw redirect(page > 1 ? `/notifications?page=${page}` : "/notifications");
}

export default function Notifications() {
  const { items, total, unread, page, pages } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { search } = useLocation();
  const here = page > 1 ? `?page=${page}` : undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} />
        <h1 className="govuk-heading-l">Notifications</h1>
        <p className="govuk-body" data-testid="unread-summary">
          {unread === 0
            ? "You have no unread notifications."
            : unread === 1
              ? "You have 1 unread notification."
              : `You have ${unread} unread notifications.`}
        </p>
        {unread > 0 ? (
          <AppForm method="post" action={`/notifications${here ?? ""}`}>
            <input type="hidden" name="intent" value="read_all" />
            <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
              Mark all as read
            </button>
          </AppForm>
        ) : null}
        {total === 0 ? (
          <p className="govuk-body">
            Nothing yet. You will be told here when a record is shared with you, you join a case team, or something
            needs your attention.
          </p>
        ) : null}
        <ul className="govuk-list app-notifications" data-testid="notifications">
          {items.map((n) => (
            <li
              key={n.id}
              className={`app-notification${n.read ? "" : " app-notification--unread"}`}
              data-testid="notification"
            >
              <p className="govuk-body govuk-!-margin-bottom-1">
                {n.read ? null : <strong className="govuk-tag govuk-tag--blue app-notification__tag">Unread</strong>}
                <Link className={`govuk-link${n.read ? "" : " govuk-!-font-weight-bold"}`} to={n.href}>
                  {n.text}
                </Link>
              </p>
              <p className="govuk-body-s app-secondary-text govuk-!-margin-bottom-1">{formatDateTime(n.createdAt)}</p>
              {n.read ? null : (
                <AppForm method="post" action={`/notifications${here ?? ""}`}>
                  <input type="hidden" name="intent" value="read" />
                  <input type="hidden" name="id" value={n.id} />
                  <button type="submit" className="app-text-button govuk-body-s">
                    Mark as read<span className="govuk-visually-hidden">: {n.text}</span>
                  </button>
                </AppForm>
              )}
            </li>
          ))}
        </ul>
        <Pagination page={page} pages={pages} hrefFor={(p) => withPage(search, p)} label="Pages of notifications" />
      </div>
    </div>
  );
}
