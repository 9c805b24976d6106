import { cellText, SUPPRESSED, type MetricTable } from "~/domain/oversight-metrics";

/**
 * One dashboard table as a horizontal bar chart of its chart column: an SVG with a title and a description
 * that says every bar's value, so the picture adds nothing the table beside it does not say. Suppressed cells
 * draw no bar and are labelled "fewer than 5".
 */
export function OversightChart({ table }: { table: MetricTable }) {
  const bars = table.rows.map((r) => ({ label: r.label, cell: r.cells[table.chartColumn] ?? null }));
  const max = Math.max(1, ...bars.map((b) => (typeof b.cell === "number" ? b.cell : 0)));
  const rowHeight = 28;
  const labelWidth = 230;
  const barSpace = 300;
  const width = labelWidth + barSpace + 110;
  const height = bars.length * rowHeight + 10;
  const column = table.columns[table.chartColumn] ?? "";
  const titleId = `chart-${table.key}-title`;
  const descId = `chart-${table.key}-desc`;
  const description = `${column}: ${bars.map((b) => `${b.label}, ${cellText(b.cell) || "none"}`).join("; ")}.`;
  return (
    <svg
      className="app-oversight-chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby={`${titleId} ${descId}`}
      width="100%"
      focusable="false"
      data-testid={`chart-${table.key}`}
    >
      <title id={titleId}>{`${table.title} (${column})`}</title>
      <desc id={descId}>{description}</desc>
      {bars.map((b, i) => {
        const y = 5 + i * rowHeight;
        const w = typeof b.cell === "number" ? Math.max(b.cell > 0 ? 2 : 0, (b.cell / max) * barSpace) : 0;
        return (
          <g key={b.label}>
            <text x={labelWidth - 8} y={y + 18} textAnchor="end" fontSize="13" fill="#0b0c0c">
              {b.label.length > 34 ? `${b.label.slice(0, 33)}…` : b.label}
            </text>
            {w > 0 ? <rect x={labelWidth} y={y + 4} width={w} height={rowHeight - 10} fill="#1d70b8" /> : null}
            <text
              x={labelWidth + w + 6}
              y={y + 18}
              fontSize="13"
              fill="#0b0c0c"
              fontStyle={b.cell === SUPPRESSED ? "italic" : undefined}
            >
              {cellText(b.cell) || "–"}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
