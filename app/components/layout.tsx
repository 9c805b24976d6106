import { Form, Link, useLocation, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { isCurrent } from "./navigation";
import { NotificationsLink } from "./notification-count";
import { useCollapsibleMenu } from "./use-collapsible-menu";
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

/**
 * GOV.UK service navigation. On a phone the links collapse behind a "Menu" toggle (after hydration; without
 * JavaScript they all show), as GOV.UK Frontend's own component does; the nav keeps its "Primary navigation" name.
 */
export function PrimaryNavigation() {
  const data = useRouteLoaderData<RootData>("root");
  const { pathname } = useLocation();
  const collapsible = useCollapsibleMenu();
  const [open, setOpen] = useState(false);
  // A new page closes the menu.
  useEffect(() => setOpen(false), [pathname]);
  if (!data?.user) return null;
  return (
    <section aria-label="Service information" className="govuk-service-navigation">
      <div className="govuk-width-container">
        <div className="govuk-service-navigation__container">
          <nav aria-label="Primary navigation" className="govuk-service-navigation__wrapper">
            <button
              type="button"
              className="govuk-service-navigation__toggle"
              aria-controls="primary-navigation"
              aria-expanded={open}
              hidden={!collapsible}
              onClick={() => setOpen(!open)}
            >
              Menu
            </button>
            <ul className="govuk-service-navigation__list" id="primary-navigation" hidden={collapsible && !open}>
              {data.user.navigation.map((item) => {
                const current = isCurrent(item.href, pathname);
                return (
                  <li
                    className={`govuk-service-navigation__item${current ? " govuk-service-navigation__item--active" : ""}`}
                    key={item.href}
                  >
                    <Link
                      className="govuk-service-navigation__link"
                      to={item.href}
                      aria-current={current ? "page" : undefined}
                    >
                      {current ? (
                        <strong className="govuk-service-navigation__active-fallback">{item.text}</strong>
                      ) : (
                        item.text
                      )}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
        </div>
      </div>
    </section>
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
