import { problemResponse } from "~/api/problem";

// Anything else under /api/v1: a problem, never the HTML 404 page.
export async function loader() {
  return problemResponse(404, "No such endpoint: see /api/v1/openapi.json");
}

export async function action() {
  return problemResponse(404, "No such endpoint: see /api/v1/openapi.json");
}
