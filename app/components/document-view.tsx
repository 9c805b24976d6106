import type { Block, Run, Section } from "~/exports/document";

/*
 * An export's document model as a GOV.UK page (issue 15: the agenda pack is read on the page and downloaded as a
 * PDF from the same model, so the two cannot differ). Headings start at h2 under the page's own h1.
 */

function Runs({ runs }: { runs: Run[] }) {
  return (
    <>
      {runs.map((r, i) => {
        const text = <span className="app-pre-line">{r.text}</span>;
        const styled = r.bold ? <strong>{text}</strong> : r.italic ? <em>{text}</em> : text;
        return <span key={i}>{styled}</span>;
      })}
    </>
  );
}

function BlockView({ block }: { block: Block }) {
  switch (block.kind) {
    case "paragraph":
      return (
        <p className="govuk-body">
          <Runs runs={block.runs} />
        </p>
      );
    case "bullets":
      return (
        <ul className="govuk-list govuk-list--bullet">
          {block.items.map((item, i) => (
            <li key={i}>
              <Runs runs={item} />
            </li>
          ))}
        </ul>
      );
    case "keyValue":
      return (
        <dl className="govuk-summary-list">
          {block.rows.map((r) => (
            <div className="govuk-summary-list__row" key={r.key}>
              <dt className="govuk-summary-list__key">{r.key}</dt>
              <dd className="govuk-summary-list__value">
                <Runs runs={r.value} />
              </dd>
            </div>
          ))}
        </dl>
      );
    case "table":
      return (
        <table className="govuk-table">
          {block.caption ? (
            <caption className="govuk-table__caption govuk-table__caption--s">{block.caption}</caption>
          ) : null}
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              {block.header.map((h) => (
                <th scope="col" className="govuk-table__header" key={h}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {block.rows.map((row, i) => (
              <tr className="govuk-table__row" key={i}>
                {row.map((cell, j) => (
                  <td className="govuk-table__cell" key={j}>
                    <Runs runs={cell} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
  }
}

const HEADING = ["govuk-heading-m", "govuk-heading-s", "govuk-heading-s"] as const;

function SectionView({ section, level }: { section: Section; level: number }) {
  const Tag = `h${Math.min(level + 1, 4)}` as "h2" | "h3" | "h4";
  return (
    <section>
      <Tag className={HEADING[Math.min(level - 1, 2)]}>{section.heading}</Tag>
      {section.blocks.map((b, i) => (
        <BlockView block={b} key={i} />
      ))}
      {(section.subsections ?? []).map((s, i) => (
        <SectionView section={s} level={level + 1} key={i} />
      ))}
    </section>
  );
}

/** The body of a document (sections); the page shows the title, marking and statement itself. */
export function DocumentSections({ sections }: { sections: Section[] }) {
  return (
    <>
      {sections.map((s, i) => (
        <SectionView section={s} level={1} key={i} />
      ))}
    </>
  );
}
