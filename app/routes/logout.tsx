import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { signOut } from "~/services/sign-out.server";

export async function loader() {
  // Signing out changes state, so it is a POST (with CSRF protection); a GET just goes home.
  throw redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const { cookie } = await signOut(request);
  throw redirect("/login?signedOut=1", { headers: { "Set-Cookie": cookie } });
}
