import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

// "Add information" became "Add a note": notes are the one way free-text information is added to a case.
// This address stays for old links and bookmarks; the notes page checks access as usual.
export function loader({ params }: LoaderFunctionArgs) {
  throw redirect(`/cases/${encodeURIComponent(params.caseId ?? "")}/notes/new`);
}
