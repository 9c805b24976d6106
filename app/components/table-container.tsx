import type { ReactNode } from "react";

/**
 * A table that scrolls sideways inside its own box on a narrow screen, so the page never does. It is a named,
 * focusable region so a keyboard user can scroll it too (WCAG 2.1.1; axe's scrollable-region-focusable).
 */
export function TableContainer({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="app-table-container" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
