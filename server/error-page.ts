import type { Response } from "express";

// Pages for errors that happen before Remix runs (refused CSRF, oversized or non-form body, an old-style data
// request, unexpected failure).
// They reveal nothing about the request: no path, no input, no stack.
const PAGES = {
  400: { title: "Sorry, there is a problem with the request", body: "Go back and try again." },
  403: {
    title: "You do not have access to this page",
    body: "If you think you should have access, contact your agency administrator.",
  },
  csrf: {
    title: "Your form could not be sent",
    body: "This can happen when a page has been open for a long time or was opened in another window. Go back, reload the page and try again.",
  },
  404: { title: "Page not found", body: "If you typed the web address, check it is correct." },
  413: { title: "What you sent is too large", body: "Go back and send a shorter form or a smaller file." },
  415: {
    title: "Concord accepts forms only",
    body: "What was sent was not a form, so nothing has been saved. Go back and use the form on the page.",
  },
  legacyData: {
    title: "Sorry, there is a problem with the request",
    body: "This address does not answer data requests in that form. Reload the page and try again.",
  },
  429: { title: "Too many requests", body: "Wait a few minutes and try again." },
  500: {
    title: "Sorry, there is a problem with the service",
    body: "Try again later. Nothing you sent has been saved.",
  },
  503: { title: "Sorry, the service is unavailable", body: "Try again later." },
} as const;

let stylesheetHref: string | undefined;

export function setErrorPageStylesheet(href: string | undefined): void {
  stylesheetHref = href;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function errorPageHtml(kind: keyof typeof PAGES): string {
  const page = PAGES[kind];
  const css = stylesheetHref ? `<link rel="stylesheet" href="${escapeHtml(stylesheetHref)}">` : "";
  return `<!DOCTYPE html>
<html lang="en" class="govuk-template"><head><meta charset="utf-8"><title>${page.title} – Concord</title>
<meta name="viewport" content="width=device-width, initial-scale=1">${css}</head>
<body class="govuk-template__body"><a href="#main-content" class="govuk-skip-link">Skip to main content</a>
<header class="moj-header"><div class="moj-header__container"><div class="moj-header__logo">
<a class="moj-header__link moj-header__link--service-name" href="/">Concord</a></div></div></header>
<div class="govuk-width-container"><main class="govuk-main-wrapper" id="main-content">
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<h1 class="govuk-heading-l">${page.title}</h1><p class="govuk-body">${page.body}</p>
<p class="govuk-body"><a class="govuk-link" href="/">Go to your home page</a></p>
</div></div></main></div></body></html>`;
}

export function sendErrorPage(
  res: Response,
  status: 400 | 403 | 404 | 413 | 415 | 429 | 500 | 503,
  kind?: "csrf" | "legacyData",
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.status(status).type("html").setHeader("Cache-Control", "no-store");
  res.setHeader("Pragma", "no-cache");
  res.send(errorPageHtml(kind ?? status));
}
