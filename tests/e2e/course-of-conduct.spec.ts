import { expect, test, type Page } from "@playwright/test";
import { errorSummary, expectNoAxeViolations, loadsNewDocument, signIn, signOut } from "./helpers";

const INVESTIGATOR = "investigator@police.concord.test";
const PRACTITIONER = "practitioner@probation.concord.test";
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** The London calendar date `daysAgo` days before today, as [year, month, day]. */
function londonDaysAgo(daysAgo: number): [number, number, number] {
  const iso = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/London",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(Date.now() - daysAgo * 86_400_000));
  return iso.split("-").map(Number) as [number, number, number];
}

/** Six calendar months after a date; the last day of the month when it has no such day (worked here independently of the app). */
function sixMonthsAfter([y, m, d]: [number, number, number]): string {
  const month = ((m - 1 + 6) % 12) + 1;
  const year = y + (m + 6 > 12 ? 1 : 0);
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${Math.min(d, last)} ${MONTHS[month - 1]} ${year}`;
}

type IncidentEntry = {
  daysAgo: number;
  behaviours: string[];
  source: string;
  crimeReference: string;
  description: string;
};

async function fillIncident(page: Page, e: IncidentEntry): Promise<void> {
  const [y, m, d] = londonDaysAgo(e.daysAgo);
  const when = page.getByRole("group", { name: "When did it happen?" });
  await when.getByLabel("Day").fill(String(d));
  await when.getByLabel("Month").fill(String(m));
  await when.getByLabel("Year").fill(String(y));
  await page.getByLabel("Time", { exact: true }).fill("14:30");
  for (const b of e.behaviours)
    await page.getByRole("group", { name: "What happened?" }).getByLabel(b, { exact: true }).check();
  await page.getByRole("group", { name: "FOUR indicators" }).getByLabel("Repeated", { exact: true }).check();
  await page.getByRole("group", { name: "Who reported it?" }).getByLabel(e.source, { exact: true }).check();
  await page.getByLabel("Crime reference (optional)").fill(e.crimeReference);
  await page.getByLabel("What happened", { exact: true }).fill(e.description);
}

test("an investigator records five incidents from three crime reports, links them, filters the timeline and sees the last day to charge", async ({
  page,
}) => {
  // A long journey (a dozen pages, each checked with axe); no step is timed.
  test.setTimeout(150_000);
  await signIn(page, INVESTIGATOR);

  // A new case the investigator leads (as its officer in the case), so nothing else has touched it.
  await page.goto("/cases/new");
  await page.getByRole("group", { name: "Where is the case now?" }).getByLabel("Active", { exact: true }).check();
  await page.getByLabel("Ex-intimate partner").check();
  await loadsNewDocument(page, () => page.getByRole("button", { name: "Create case" }).click());
  const caseId = new URL(page.url()).pathname.split("/")[2]!;
  expect(caseId).toMatch(/^[0-9a-f-]{36}$/);

  await page.goto(`/cases/${caseId}/incidents`);
  await expect(page.getByRole("heading", { level: 1, name: "Course of conduct" })).toBeVisible();
  await expect(page.getByText("No incidents you can see have been recorded on this case.")).toBeVisible();
  await expectNoAxeViolations(page);

  // Bad input: nothing entered, then a date in the future. Error summaries, nothing saved.
  await page.getByRole("link", { name: "Record an incident" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Record an incident" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Save incident" }).click();
  await expect(errorSummary(page)).toBeFocused();
  for (const message of [
    "Enter the date of the incident",
    "Enter the time of the incident",
    "Select at least one behaviour",
    "Select who reported the incident",
    "Enter a description of what happened",
  ]) {
    await expect(errorSummary(page).getByRole("link", { name: message })).toBeVisible();
  }
  await expect(page).toHaveTitle(/^Error: /);
  await expectNoAxeViolations(page);
  await fillIncident(page, {
    daysAgo: -3,
    behaviours: ["Threats"],
    source: "Victim",
    crimeReference: "E2E/COC/1",
    description: "Not yet happened",
  });
  await page.getByRole("button", { name: "Save incident" }).click();
  await expect(
    errorSummary(page).getByRole("link", { name: "The date of the incident must be today or in the past" }),
  ).toBeVisible();
  await expect(page.getByRole("group", { name: "When did it happen?" }).getByLabel("Day")).toHaveClass(
    /govuk-input--error/,
  );
  await expectNoAxeViolations(page);

  // Five incidents under three crime reports, entered out of order; one description carries markup.
  const entries: IncidentEntry[] = [
    {
      daysAgo: 100,
      behaviours: ["Unwanted messages"],
      source: "Victim",
      crimeReference: "e2e/coc/1",
      description: "Forty messages in one evening.",
    },
    {
      daysAgo: 40,
      behaviours: ["Turning up", "Threats"],
      source: "Witness",
      crimeReference: "E2E/COC/3",
      description: "<script>window.__concordXss = 1</script> Waited at her gate and threatened her.",
    },
    {
      daysAgo: 80,
      behaviours: ["Unwanted calls"],
      source: "Victim",
      crimeReference: "E2E/COC/1",
      description: "Calls from withheld numbers late at night.",
    },
    {
      daysAgo: 60,
      behaviours: ["Following"],
      source: "Police",
      crimeReference: "E2E/COC/2",
      description: "Followed her from work to the station.",
    },
    {
      daysAgo: 20,
      behaviours: ["Loitering"],
      source: "Victim",
      crimeReference: "E2E/COC/2",
      description: "Sat in his van opposite her home.",
    },
  ];
  // A fresh form: the refused one kept what was entered, as it should.
  await page.goto(`/cases/${caseId}/incidents/new`);
  for (const [i, e] of entries.entries()) {
    if (i > 0) await page.getByRole("link", { name: "Record an incident" }).click();
    await fillIncident(page, e);
    await page.getByRole("button", { name: "Save incident" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Course of conduct" })).toBeVisible();
    await expect(page.getByTestId("incident")).toHaveCount(i + 1);
  }

  // The pattern, and the markup shown as text, never run.
  await expect(page.getByTestId("pattern-count")).toHaveText("5");
  await expect(page.getByTestId("pattern-crime-reports")).toHaveText("3");
  await expect(page.getByTestId("pattern-behaviours")).toContainText("Threats: 1");
  await expect(
    page.getByTestId("description").filter({ hasText: "<script>window.__concordXss = 1</script>" }),
  ).toHaveCount(1);
  expect(await page.evaluate(() => (window as unknown as { __concordXss?: number }).__concordXss)).toBeUndefined();
  await expect(page.getByTestId("crime-reference").filter({ hasText: "E2E/COC/1" })).toHaveCount(2);

  // The prompt to link them into one course of conduct.
  const prompt = page.getByTestId("link-prompt");
  await expect(prompt).toContainText(
    "These 5 incidents were recorded under 3 separate crime reports. Stalking is a course of conduct: link them into one course of conduct?",
  );
  await expectNoAxeViolations(page);
  await prompt.getByRole("button", { name: "Link into one course of conduct" }).click();
  await expect(page.getByText("The incidents are linked into one course of conduct")).toBeVisible();
  await expect(page.getByTestId("link-prompt")).toHaveCount(0);
  await expect(page.getByText("Part of the course of conduct")).toHaveCount(5);
  await expectNoAxeViolations(page);

  // Filter by a behaviour (a GET form: the address carries the filter).
  await page.getByLabel("Behaviour", { exact: true }).selectOption("threats");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/behaviour=threats/);
  await expect(page.getByTestId("incident")).toHaveCount(1);
  await expect(page.getByTestId("filter-summary")).toContainText("Showing 1 incident with the behaviour “Threats”");
  await expect(page.getByTestId("incident")).toContainText("Waited at her gate");
  await expectNoAxeViolations(page);
  await page.getByLabel("Show", { exact: true }).selectOption("crime_reference");
  await page.getByLabel("Behaviour", { exact: true }).selectOption("");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("heading", { name: "Crime reference E2E/COC/2 (2)" })).toBeVisible();
  await expectNoAxeViolations(page);

  // Change an incident: the edit form, then back to the timeline.
  await page.goto(`/cases/${caseId}/incidents`);
  await page.getByRole("link", { name: /^Change incident: Loitering on/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Change incident" })).toBeVisible();
  await expect(page.getByLabel("Time", { exact: true })).toHaveValue("14:30");
  await expectNoAxeViolations(page);
  await page.getByLabel("What happened", { exact: true }).fill("Sat in his van opposite her home for two hours.");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Sat in his van opposite her home for two hours.")).toBeVisible();

  // An s2A offence: summary only, so the last day to charge is six months from the latest incident (20 days ago).
  const lastDay = sixMonthsAfter(londonDaysAgo(20));
  await page.goto(`/cases/${caseId}/offences`);
  await expect(page.getByText("There are no offences on this case that you can see.")).toBeVisible();
  await expectNoAxeViolations(page);
  // Reached by a link: on a fresh document GOV.UK Frontend's radios script puts aria-expanded on the radio with a
  // conditional reveal, which axe reports (an upstream pattern, reported to the lead).
  await page.getByRole("link", { name: "Add an offence" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Add an offence" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Stalking (Protection from Harassment Act 1997, s2A): summary only").check();
  await page.getByRole("group", { name: "Status" }).getByLabel("Charged", { exact: true }).check();
  await page.getByRole("button", { name: "Save offence" }).click();
  await expect(errorSummary(page).getByRole("link", { name: "Enter the date of charge" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("group", { name: "Status" }).getByLabel("Under investigation", { exact: true }).check();
  await page.getByLabel("Crime reference (optional)").fill("E2E/COC/2");
  await page.getByRole("button", { name: "Save offence" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Offences" })).toBeVisible();
  await expect(page.getByTestId("last-day-to-charge")).toContainText(lastDay);
  await expectNoAxeViolations(page);

  await page.goto(`/cases/${caseId}`);
  await expect(page.getByTestId("charging-deadlines")).toContainText(
    new RegExp(`Last day to charge: ${lastDay} \\(\\d+ days\\)`),
  );
  await expectNoAxeViolations(page);
  await page.goto(`/cases/${caseId}/incidents`);
  await expect(page.getByTestId("charging-deadlines")).toContainText(`Last day to charge: ${lastDay}`);
});

test("on the worked case a probation practitioner sees the incidents but not the offences or the last day to charge", async ({
  page,
}) => {
  test.setTimeout(90_000);
  // The investigator (officer in the case) records an incident and an s2A offence on the worked case.
  await signIn(page, INVESTIGATOR);
  await page.getByRole("navigation", { name: "Primary navigation" }).getByRole("link", { name: "Cases" }).click();
  await page.getByRole("link", { name: "NS-2026-00001" }).click();
  await page
    .getByRole("navigation", { name: "Case sections" })
    .getByRole("link", { name: "Course of conduct" })
    .click();
  await expect(page).toHaveURL(/\/incidents$/);
  const incidentsUrl = page.url();
  await page.getByRole("link", { name: "Record an incident" }).click();
  await fillIncident(page, {
    daysAgo: 10,
    behaviours: ["Unwanted gifts"],
    source: "Victim",
    crimeReference: "E2E/COC/9",
    description: "Flowers left on her doorstep with a note.",
  });
  await page.getByRole("button", { name: "Save incident" }).click();
  await expect(page.getByText("Flowers left on her doorstep with a note.")).toBeVisible();
  await page.goto(incidentsUrl.replace(/\/incidents$/, "/offences/new"));
  await page.getByLabel("Stalking (Protection from Harassment Act 1997, s2A): summary only").check();
  await page.getByRole("button", { name: "Save offence" }).click();
  await expect(page.getByTestId("last-day-to-charge").first()).toBeVisible();
  await page.goto(incidentsUrl);
  await expect(page.getByTestId("charging-deadlines")).toBeVisible();
  await signOut(page);

  await signIn(page, PRACTITIONER);
  await page.getByRole("navigation", { name: "Primary navigation" }).getByRole("link", { name: "Cases" }).click();
  await page.getByRole("link", { name: "NS-2026-00001" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Case NS-2026-00001" })).toBeVisible();
  await expect(page.getByTestId("charging-deadlines")).toHaveCount(0);
  await page
    .getByRole("navigation", { name: "Case sections" })
    .getByRole("link", { name: "Course of conduct" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Course of conduct" })).toBeVisible();
  await expect(
    page.getByTestId("description").filter({ hasText: "Flowers left on her doorstep with a note." }),
  ).toBeVisible();
  await expect(page.getByTestId("charging-deadlines")).toHaveCount(0);
  await expect(page.getByTestId("link-prompt")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Record an incident" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.goto(incidentsUrl.replace(/\/incidents$/, "/offences"));
  await expect(page.getByText("There are no offences on this case that you can see.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Add an offence" })).toHaveCount(0);
  await expectNoAxeViolations(page);
});
