import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect } from "react";
import { PhaseBanner, PrimaryNavigation, SiteFooter, SiteHeader, SkipLink } from "~/components/layout";
import { useNonce } from "~/nonce";
import type { RootData } from "~/root-data";
import { rootData } from "~/services/root-data.server";
import "~/styles/app.scss";

export const links: LinksFunction = () => [{ rel: "icon", href: "/assets/images/favicon.ico", sizes: "48x48" }];

export async function loader({ request, context }: LoaderFunctionArgs): Promise<RootData> {
  return rootData(request, context.csrfToken);
}

function Document({ children, title }: { children: React.ReactNode; title?: string }) {
  const nonce = useNonce();
  useEffect(() => {
    // GOV.UK and MOJ component behaviour (skip link focus, checkboxes, radios) once React has hydrated.
    void import("govuk-frontend").then(({ initAll }) => initAll());
  }, []);
  return (
    <html lang="en" className="govuk-template govuk-template--rebranded">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="robots" content="noindex, nofollow" />
        {title ? <title>{title}</title> : null}
        <Meta />
        <Links />
      </head>
      <body className="govuk-template__body" suppressHydrationWarning>
        <script
          nonce={nonce}
          suppressHydrationWarning
          dangerouslySetInnerHTML={{
            __html:
              "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');",
          }}
        />
        <SkipLink />
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Page({ demo, children }: { demo: boolean; children: React.ReactNode }) {
  return (
    <>
      <SiteHeader />
      <PrimaryNavigation />
      <div className="govuk-width-container">
        <PhaseBanner demo={demo} />
        <main className="govuk-main-wrapper" id="main-content">
          {children}
        </main>
      </div>
      <SiteFooter />
    </>
  );
}

export default function App() {
  return (
    <Document>
      <PageFromRoot />
    </Document>
  );
}

function PageFromRoot() {
  const data = useRouteLoaderData<RootData>("root");
  return (
    <Page demo={data?.demo ?? false}>
      <Outlet />
    </Page>
  );
}

const ERRORS: Record<number, { title: string; body: string }> = {
  403: {
    title: "You do not have access to this page",
    body: "If you think you should have access, ask your supervisor or agency administrator.",
  },
  404: {
    title: "Page not found",
    body: "If you typed the web address, check it is correct. If you followed a link, the record may have moved or you may not have access to it.",
  },
};

/** Error pages say what kind of problem it is and nothing about the record or the request. */
export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const page = ERRORS[status] ?? {
    title: "Sorry, there is a problem with the service",
    body: "Try again later. If you were saving something, check whether it was saved before you try again.",
  };
  return (
    <Document title={`${page.title} – Concord`}>
      <ErrorPage title={page.title} body={page.body} />
    </Document>
  );
}

function ErrorPage({ title, body }: { title: string; body: string }) {
  const data = useRouteLoaderData<RootData>("root");
  return (
    <Page demo={data?.demo ?? false}>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">{title}</h1>
          <p className="govuk-body">{body}</p>
          <p className="govuk-body">
            <a className="govuk-link" href="/">
              Go to your home page
            </a>
          </p>
        </div>
      </div>
    </Page>
  );
}
