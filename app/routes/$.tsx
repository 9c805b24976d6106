import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/services/current-user.server";

// Unknown addresses: signed-out people are asked to sign in first, so the 404 page reveals nothing to them.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireActor(request);
  throw new Response("Not found", { status: 404 });
}

export async function action({ request }: LoaderFunctionArgs) {
  await requireActor(request);
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}
