/** GOV.UK page titles: "Error: " first when the form has errors, then the page, then the service. */
export function pageTitle(title: string, errors?: Record<string, string> | null): { title: string }[] {
  const hasErrors = errors && Object.keys(errors).length > 0;
  return [{ title: `${hasErrors ? "Error: " : ""}${title} – Concord` }];
}
