import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { ErrorSummary } from "~/components/forms";
import { pageTitle } from "~/components/page-title";
import { SearchField } from "~/components/search-field";
import { Pagination, withPage } from "~/components/pagination";
import { MATCH_END, MATCH_START, SEARCH_MAX_LENGTH } from "~/domain/search-query";
import { requireActor } from "~/services/current-user.server";
import { caseSearchForm, searchCases, type SearchHit, type SearchResult } from "~/services/search.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data?.searched ? "Search: results" : "Search", data && "errors" in data ? data.errors : null);

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const params = new URL(request.url).searchParams;
  const q = params.get("q");
  const { canFindPeople } = caseSearchForm(actor);
  if (q === null) return { searched: false as const, q: "", canFindPeople };
  const page = Number(params.get("page") ?? "1");
  const result = searchCases(actor, { q, page: Number.isInteger(page) && page > 0 && page < 100_000 ? page : 1 });
  if (!result.ok)
    return data(
      { searched: false as const, q: q.slice(0, SEARCH_MAX_LENGTH), canFindPeople, errors: result.errors },
      { status: 400 },
    );
  return { searched: true as const, q, canFindPeople, ...result };
}

export default function Search() {
  const page = useLoaderData<typeof loader>();
  const errors = "errors" in page ? page.errors : undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Search</h1>
        <p className="govuk-body">
          Search case references, names, identifiers, crime references, notes and incidents. You only find what you may
          see.
        </p>
        <Form method="get" action="/search" role="search" aria-label="Search cases" noValidate>
          <SearchField
            label="Search for"
            hint="For example NS-2026-00001, a name, or a crime reference such as CR/2026/0042"
            error={errors?.q}
            defaultValue={page.q}
          />
          <button type="submit" className="govuk-button" data-module="govuk-button">
            Search
          </button>
        </Form>
        {page.searched && page.tooCommon ? (
          <section aria-labelledby="results-heading" data-testid="search-results">
            <h2 className="govuk-heading-m" id="results-heading">
              Too many matches to list
            </h2>
            <p className="govuk-body">Those words are in too many records. Add more words, a name or a reference.</p>
          </section>
        ) : page.searched ? (
          <Results results={page.results} total={page.total} page={page.page} pages={page.pages} />
        ) : null}
        {page.searched && page.canFindPeople ? <FindPeople q={page.q} /> : null}
      </div>
    </div>
  );
}

function Results({
  results,
  total,
  page,
  pages,
}: {
  results: SearchResult[];
  total: number;
  page: number;
  pages: number;
}) {
  const { search } = useLocation();
  return (
    <section aria-labelledby="results-heading" data-testid="search-results">
      <h2 className="govuk-heading-m" id="results-heading">
        {total === 0 ? "No results" : total === 1 ? "1 result" : `${total} results`}
        {pages > 1 ? (
          <span className="govuk-visually-hidden">
            , page {page} of {pages}
          </span>
        ) : null}
      </h2>
      {total === 0 ? (
        <p className="govuk-body">Nothing you can see matches your search. Check the spelling, or use fewer words.</p>
      ) : null}
      <ol className="govuk-list app-search-results">
        {results.map((r) => (
          <li key={r.key} className="app-search-result" data-testid="search-result">
            <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
              {r.case ? (
                <Link className="govuk-link" to={`/cases/${r.case.id}`}>
                  Case {r.case.reference}
                </Link>
              ) : (
                <>
                  A record on a case you are not on{" "}
                  <Link className="govuk-link govuk-!-font-weight-regular" to="/shared">
                    (see records shared with you)
                  </Link>
                </>
              )}
            </h3>
            <ul className="govuk-list">
              {r.hits.map((h, i) => (
                <li key={i} data-testid="search-hit">
                  <Hit hit={h} />
                </li>
              ))}
            </ul>
            {r.more ? (
              <p className="govuk-body-s">
                {r.more === 1 ? "1 more match" : `${r.more} more matches`} in this {r.case ? "case" : "record"}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
      <Pagination page={page} pages={pages} hrefFor={(p) => withPage(search, p)} label="Pages of search results" />
    </section>
  );
}

const PARTS: Record<SearchHit["part"], string> = {
  case: "reference and names",
  summary: "title and summary",
  details: "details",
};

function Hit({ hit }: { hit: SearchHit }) {
  return (
    <>
      <span className="govuk-body-s govuk-!-font-weight-bold govuk-!-margin-bottom-0">
        {hit.part === "case" ? "Case" : hit.label}
      </span>{" "}
      <span className="govuk-body-s app-secondary-text">
        ({PARTS[hit.part]}; {hit.categoryLabel})
      </span>
      <p className="govuk-body-s app-search-snippet" data-testid="snippet">
        <Snippet text={hit.snippet} />
      </p>
    </>
  );
}

/** The snippet as text, with matched words in <mark>: never parsed as HTML. */
function Snippet({ text }: { text: string }) {
  const parts: React.ReactNode[] = [];
  let rest = text;
  let i = 0;
  while (rest) {
    const start = rest.indexOf(MATCH_START);
    if (start === -1) {
      parts.push(rest);
      break;
    }
    if (start > 0) parts.push(rest.slice(0, start));
    const end = rest.indexOf(MATCH_END, start);
    const matched = rest.slice(start + 1, end === -1 ? undefined : end);
    parts.push(
      <mark className="app-search-match" key={i++}>
        {matched}
      </mark>,
    );
    rest = end === -1 ? "" : rest.slice(end + 1);
  }
  return <>{parts}</>;
}

function FindPeople({ q }: { q: string }) {
  // The person search takes up to 100 characters; a longer search is no name.
  if (q.trim().length < 2 || q.trim().length > 100) return null;
  return (
    <div className="govuk-inset-text">
      Looking for someone? A person may be known to the partnership through cases you cannot see.{" "}
      <Link className="govuk-link" to={`/people/search?${new URLSearchParams({ q: q.trim() })}`}>
        Search people known to the partnership
      </Link>
    </div>
  );
}
