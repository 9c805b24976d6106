import { formatDate } from "~/domain/dates";

type Point = { on: string; level: "standard" | "medium" | "high"; instrument: string; ownerAgency: string };

const LEVEL_Y = { standard: 1, medium: 2, high: 3 } as const;
const LEVEL_TEXT = { standard: "Standard", medium: "Medium", high: "High" } as const;

/**
 * Risk over time: each signed-off judgement as a point (standard, medium, high) by date. An SVG with a text
 * alternative, and the same figures in the table beside it, so nobody depends on the picture.
 */
export function RiskChart({ points }: { points: Point[] }) {
  if (points.length === 0) return <p className="govuk-body">No signed-off assessments yet.</p>;
  const width = 640;
  const height = 200;
  const left = 90;
  const right = 20;
  const top = 20;
  const bottom = 40;
  const times = points.map((p) => Date.parse(p.on));
  const min = Math.min(...times);
  const max = Math.max(...times);
  const x = (t: number) =>
    max === min ? left + (width - left - right) / 2 : left + ((t - min) / (max - min)) * (width - left - right);
  const y = (level: Point["level"]) => top + (3 - LEVEL_Y[level]) * ((height - top - bottom) / 2);
  const first = points[0]!;
  const last = points.at(-1)!;
  const description = `${points.length} signed-off judgements from ${formatDate(first.on)} to ${formatDate(last.on)}; the latest is ${LEVEL_TEXT[last.level].toLowerCase()} (${last.instrument}, ${last.ownerAgency}).`;
  return (
    <figure className="app-risk-chart" data-testid="risk-chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby="risk-chart-title risk-chart-desc"
        width="100%"
        focusable="false"
      >
        <title id="risk-chart-title">Risk over time</title>
        <desc id="risk-chart-desc">{description}</desc>
        {(["high", "medium", "standard"] as const).map((level) => (
          <g key={level}>
            <line x1={left} x2={width - right} y1={y(level)} y2={y(level)} stroke="#b1b4b6" strokeWidth="1" />
            <text x={left - 10} y={y(level) + 5} textAnchor="end" fontSize="14" fill="#0b0c0c">
              {LEVEL_TEXT[level]}
            </text>
          </g>
        ))}
        <polyline
          fill="none"
          stroke="#1d70b8"
          strokeWidth="3"
          points={points.map((p) => `${x(Date.parse(p.on))},${y(p.level)}`).join(" ")}
        />
        {points.map((p, i) => (
          <circle
            key={i}
            cx={x(Date.parse(p.on))}
            cy={y(p.level)}
            r="6"
            fill={p.level === "high" ? "#d4351c" : p.level === "medium" ? "#f47738" : "#00703c"}
            stroke="#0b0c0c"
            strokeWidth="1"
          />
        ))}
        <text x={left} y={height - 10} fontSize="14" fill="#0b0c0c">
          {formatDate(first.on)}
        </text>
        <text x={width - right} y={height - 10} fontSize="14" fill="#0b0c0c" textAnchor="end">
          {formatDate(last.on)}
        </text>
      </svg>
      <figcaption className="govuk-body-s">{description}</figcaption>
    </figure>
  );
}
