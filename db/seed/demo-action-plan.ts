import { randomUUID } from "node:crypto";
import type { Db } from "../client";
import { actionPlanRecommendations, actionPlanRequirements } from "../schema";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * A small synthetic action plan for the demo partnership, in the shape of a force's response to the
 * super-complaint (recommendations with numbered evidence requirements, owner, update, date, status and
 * percentage). Modelled on recommendations 7 (finding stalking recorded under other crimes) and 10 (learning
 * and training), written in our own words. Owners are roles, never people.
 */
export function seedDemoActionPlan(tx: Tx, o: { partnershipId: string; createdBy: string; now: Date }): void {
  const plan = [
    {
      number: "7",
      text: "Make sure stalking can be found on crime records even when it is not the main offence recorded, and that staff use that ability.",
      owner: "Head of Public Protection, Northshire Police",
      requirements: [
        {
          number: "7.1",
          requirement:
            "Staff record stalking as an additional classification on crime records, and supervisors check that they do.",
          owner: "Crime registrar",
          update:
            "Guidance on additional classifications issued to investigators; a monthly dip sample of 50 records has started.",
          status: "in_progress",
          percent: 40,
        },
        {
          number: "7.2",
          requirement:
            "Until the recording system can do this, another way of searching for stalking (for example an intelligence report on each case) is in place.",
          owner: "Intelligence manager",
          update: "",
          status: "not_started",
          percent: 0,
        },
      ],
    },
    {
      number: "10",
      text: "Review the partnership's learning on stalking so that it reflects the super-complaint's findings and reaches the people who most need it.",
      owner: "Partnership training lead",
      requirements: [
        {
          number: "10.1",
          requirement: "Training covers the stalking learning outcomes of the national public protection curriculum.",
          owner: "Police learning and development",
          update: "Curriculum mapped against the current course; two gaps found and being written.",
          status: "in_progress",
          percent: 60,
        },
        {
          number: "10.2",
          requirement: "Officers and staff complete the national stalking and harassment e-learning.",
          owner: "Police learning and development",
          update: "E-learning completed by the stalking investigation team and all supervisors.",
          status: "complete",
          percent: 100,
        },
        {
          number: "10.3",
          requirement:
            "Advocates and others with expertise from outside policing help to design and deliver the training.",
          owner: "Advocacy service manager",
          update: "Advocates co-deliver the classroom session from next quarter.",
          status: "in_progress",
          percent: 25,
        },
      ],
    },
  ];
  const today = o.now.toISOString().slice(0, 10);
  for (const rec of plan) {
    const recommendationId = randomUUID();
    tx.insert(actionPlanRecommendations)
      .values({
        id: recommendationId,
        partnershipId: o.partnershipId,
        number: rec.number,
        text: rec.text,
        owner: rec.owner,
        createdBy: o.createdBy,
        createdAt: o.now.toISOString(),
      })
      .run();
    for (const q of rec.requirements) {
      tx.insert(actionPlanRequirements)
        .values({
          id: randomUUID(),
          recommendationId,
          number: q.number,
          requirement: q.requirement,
          owner: q.owner,
          update: q.update,
          updatedOn: q.update ? today : null,
          status: q.status,
          percent: q.percent,
          updatedBy: q.update ? o.createdBy : null,
        })
        .run();
    }
  }
}
