import { Form, Link, useLocation, useRouteLoaderData } from "@remix-run/react";
import { isCurrent, navigationFor } from "./navigation";
import { NotificationsLink } from "./notification-count";
import type { RootData } from "~/root-data";

export function SkipLink() {
  return (
    <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">
      Skip to main content
    </a>
  );
}

export function SiteHeader() {
  const data = useRouteLoaderData<RootData>("root");
  const user = data?.user;
  return (
    <header className="moj-header" role="banner">
      <div className="moj-header__container">
        <div className="moj-header__logo">
          <Link className="moj-header__link moj-header__link--service-name" to="/">
            Concord
          </Link>
        </div>
        {user ? (
          <div className="moj-header__content">
            <nav className="moj-header__navigation" aria-label="Account navigation">
              <ul className="moj-header__navigation-list">
                <li className="moj-header__navigation-item">
                  <span className="app-header-user" data-testid="signed-in-user">
                    {user.name}, {user.roleLabel}, {user.agencyName}
                  </span>
                </li>
                <li className="moj-header__navigation-item">
                  <NotificationsLink />
                </li>
                <li className="moj-header__navigation-item">
                  <SignOutButton csrfToken={data.csrfToken} />
                </li>
              </ul>
            </nav>
          </div>
        ) : null}
      </div>
    </header>
  );
}

function SignOutButton({ csrfToken }: { csrfToken: string }) {
  return (
    <Form method="post" action="/logout" reloadDocument className="app-inline-form">
      <input type="hidden" name="csrf" value={csrfToken} />
      <button type="submit" className="app-link-button">
        Sign out
      </button>
    </Form>
  );
}

export function PrimaryNavigation() {
  const data = useRouteLoaderData<RootData>("root");
  const { pathname } = useLocation();
  if (!data?.user) return null;
  return (
    <div className="moj-primary-navigation">
      <div className="moj-primary-navigation__container">
        <div className="moj-primary-navigation__nav">
          <nav className="moj-primary-navigation" aria-label="Primary navigation">
            <ul className="moj-primary-navigation__list">
              {navigationFor(data.user).map((item) => (
                <li className="moj-primary-navigation__item" key={item.href}>
                  <Link className="moj-primary-navigation__link" to={item.href} aria-current={isCurrent(item.href, pathname) ? "page" : undefined}>
                    {item.text}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        </div>
      </div>
    </div>
  );
}

export function PhaseBanner({ demo }: { demo: boolean }) {
  return (
    <div className="govuk-phase-banner">
      <p className="govuk-phase-banner__content">
        <strong className="govuk-tag govuk-phase-banner__content__tag">{demo ? "Demo" : "Beta"}</strong>
        <span className="govuk-phase-banner__text">
          {demo
            ? "This is a demonstration with synthetic data only. Do not enter real information."
            : "This is a new service. Information here is OFFICIAL-SENSITIVE: handle it as your agency's policy says."}
        </span>
      </p>
    </div>
  );
}

export function SiteFooter() {
  return (
    <footer className="govuk-footer" role="contentinfo">
      <div className="govuk-width-container">
        <div className="govuk-footer__meta">
          <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
            <h2 className="govuk-visually-hidden">Support links</h2>
            <p className="govuk-footer__meta-custom">
              Concord is a shared workspace for a stalking intervention partnership. Access to every record is recorded.
            </p>
          </div>
        </div>
      </div>
    </footer>
  );
}
