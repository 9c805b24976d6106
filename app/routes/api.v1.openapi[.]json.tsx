import { openApiDocument } from "~/api/openapi.server";

// /api/v1/openapi.json: the API's OpenAPI description (public: it describes shapes, never data).
export async function loader() {
  return new Response(JSON.stringify(openApiDocument()), {
    headers: { "Content-Type": "application/json; charset=utf-8" },
  });
}
