import { Link, useLocation, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { RootData } from "~/root-data";

type Pushed = { text?: unknown };

/**
 * The header's link to the notification centre with the unread count. The count comes from the server with every
 * page (so it works without JavaScript); once hydrated, a socket.io connection to the user's own room adds to it as
 * notifications arrive and announces each one politely to screen readers.
 */
export function NotificationsLink() {
  const user = useRouteLoaderData<RootData>("root")?.user;
  const unread = user?.unreadNotifications ?? 0;
  const { pathname } = useLocation();
  const [count, setCount] = useState(unread);
  const [announcement, setAnnouncement] = useState("");
  const [live, setLive] = useState(false);
  // Each time the root loader runs (after an action, for example) its fresh count replaces what the socket added,
  // even when the number is the same as last time.
  useEffect(() => setCount(unread), [user, unread]);

  useEffect(() => {
    let closed = false;
    let disconnect: (() => void) | undefined;
    // Loaded only in the browser, after hydration. The handshake carries the session cookie; websocket only,
    // because browsers send the Origin header the server checks on websocket upgrades but not on same-origin GETs.
    void import("socket.io-client").then(({ io }) => {
      if (closed) return;
      const socket = io({ transports: ["websocket"] });
      socket.on("connect", () => setLive(true));
      socket.on("disconnect", () => setLive(false));
      socket.on("notification", (n: Pushed) => {
        setCount((c) => c + 1);
        setAnnouncement(`New notification: ${typeof n?.text === "string" ? n.text : ""}`);
      });
      disconnect = () => socket.disconnect();
    });
    return () => {
      closed = true;
      disconnect?.();
    };
  }, []);

  return (
    <>
      <Link
        className="moj-header__navigation-link"
        to="/notifications"
        aria-current={pathname === "/notifications" ? "page" : undefined}
        data-testid="notifications-link"
        // Says whether live updates are on (end-to-end tests wait for it before sending one).
        data-live={live ? "connected" : undefined}
      >
        Notifications
        {count > 0 ? (
          <>
            {" "}
            <span className="moj-notification-badge" data-testid="notification-count">
              {count}
            </span>
            <span className="govuk-visually-hidden"> unread</span>
          </>
        ) : null}
      </Link>
      <span
        className="govuk-visually-hidden"
        role="status"
        aria-live="polite"
        aria-atomic="true"
        data-testid="notification-announcement"
      >
        {announcement}
      </span>
    </>
  );
}
