// A document that uses every part of the model, for the renderer tests.
import { bullets, keyValue, paragraph, paragraphsFromText, run, sourced, table, type ExportDocument } from "./document";

export const SAMPLE_STATEMENT =
  "The information in these minutes is confidential to the panel and shared only for managing risk.";

export function sampleDocument(overrides: Partial<ExportDocument> = {}): ExportDocument {
  return {
    title: "Stalking clinic: triage meeting",
    subtitle: "Minutes of the meeting on 7 March 2026",
    marking: "OFFICIAL-SENSITIVE",
    confidentiality: SAMPLE_STATEMENT,
    generatedAt: new Date("2026-03-07T12:00:00Z"),
    generatedFor: "Exported by Test User (Police) on 7 March 2026",
    sections: [
      {
        heading: "Meeting details",
        blocks: [
          keyValue([
            ["Chair", "DS Example (Police)"],
            ["Date", "7 March 2026"],
          ]),
          bullets(["Police: DS Example", "ISAC: Advocate Example"]),
        ],
      },
      {
        heading: "Item 1: NS-2026-00001",
        blocks: [
          ...paragraphsFromText('First line of minutes\nsecond line\n\nA second paragraph & <angle> "quotes"'),
          paragraph([
            run("The SAM assessment rates the risk "),
            sourced("high", {
              sourceRecord: "SAM assessment",
              agency: "Health",
              author: "Dr Example",
              date: "1 March 2026",
            }),
            run("."),
          ]),
        ],
        subsections: [
          { heading: "Decisions", blocks: [bullets(["Refer to MAPPA level 2"])] },
          {
            heading: "Actions",
            blocks: [
              table(
                ["Action", "Owner", "Due"],
                [
                  ["Apply for a stalking protection order", "Police", "21 March 2026"],
                  [
                    [
                      sourced("Review safety plan", {
                        sourceRecord: "Safety plan",
                        agency: "ISAC",
                        author: "A Advocate",
                        date: "2 March 2026",
                      }),
                    ],
                    "ISAC",
                    "14 March 2026",
                  ],
                ],
              ),
            ],
          },
        ],
      },
    ],
    ...overrides,
  };
}
