import { useEffect, useState } from "react";

/** GOV.UK Frontend's tablet breakpoint (641px): below it, menus collapse behind a toggle. */
const TABLET = "(min-width: 40.0625em)";

/**
 * Whether a menu should collapse behind its toggle: only once the page is hydrated (so without JavaScript every
 * link stays visible, as GOV.UK's service navigation does) and only on screens narrower than a tablet.
 */
export function useCollapsibleMenu(): boolean {
  const [narrow, setNarrow] = useState(false);
  useEffect(() => {
    const query = window.matchMedia(TABLET);
    const update = () => setNarrow(!query.matches);
    update();
    query.addEventListener("change", update);
    return () => query.removeEventListener("change", update);
  }, []);
  return narrow;
}
