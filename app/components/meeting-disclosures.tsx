/** MAPPA disclosure decisions (to whom, what, why, by whom) as a table: the item's outcome page and the minutes. */
export function DisclosuresTable({
  disclosures,
  testId,
}: {
  disclosures: { id: string; toWhom: string; what: string; why: string; byWhom: string }[];
  testId: string;
}) {
  return (
    <table className="govuk-table" data-testid={testId}>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            To whom
          </th>
          <th scope="col" className="govuk-table__header">
            What
          </th>
          <th scope="col" className="govuk-table__header">
            Why
          </th>
          <th scope="col" className="govuk-table__header">
            By whom
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {disclosures.map((d) => (
          <tr className="govuk-table__row" key={d.id}>
            <td className="govuk-table__cell">{d.toWhom}</td>
            <td className="govuk-table__cell">{d.what}</td>
            <td className="govuk-table__cell">{d.why}</td>
            <td className="govuk-table__cell">{d.byWhom}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
