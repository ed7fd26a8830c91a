import { createSubmissionClient, PmmApiError, type ClientOptions } from "./index";

/**
 * What an NCP's tool does: start (or resume) the Member's assessment, declare one KPI not used, show the
 * CSV template for the rest, and try to submit, reporting what is still missing.
 */
export async function submissionExample(
  options: ClientOptions,
  member: string,
  cycle: string,
  print: (line: string) => void,
): Promise<void> {
  const ncp = createSubmissionClient(options);
  let assessment = await ncp.assessment({ member, cycle });
  if (!assessment) {
    await ncp.startAssessment({ member, cycle, defaultDisclosure: "WCO" });
    assessment = await ncp.assessment({ member, cycle });
  }
  if (!assessment) throw new Error(`no assessment of ${member} in ${cycle}`);
  print(
    `${assessment.member.name}, cycle ${assessment.cycle.code}: ${assessment.status}, ${assessment.results.length} KPIs`,
  );

  const open = assessment.results.filter((r) => r.value === null && !r.notUsed);
  const first = open[0];
  if (first && assessment.status === "IN_PROGRESS") {
    // A real tool sends the inputs its user typed, named by kpi.inputs (e.g. numerator, denominator).
    const payload = await ncp.submitResults({
      assessment: assessment.id,
      results: [
        {
          kpi: first.kpi.code,
          expectedVersion: first.version,
          notUsed: true,
          notUsedReason: "Not collected this cycle",
        },
      ],
    });
    print(
      `${first.kpi.code} declared not used (${payload.changed} changed, now version ${payload.results[0]?.version})`,
    );
  }
  const current = await ncp.assessment({ member, cycle });
  if (!current || current.status === "SUBMITTED") return print("already submitted");
  print(
    `CSV template, to fill in and send with uploadResultsCsv:\n${current.csvTemplate.split("\n").slice(0, 3).join("\n")}`,
  );
  try {
    const submitted = await ncp.submitAssessment({ assessment: current.id, expectedVersion: current.version });
    print(`submitted at ${submitted.submittedAt}`);
  } catch (err) {
    if (!(err instanceof PmmApiError) || err.code !== "BAD_USER_INPUT") throw err;
    print(
      `not submitted yet: ${err.extensions.kpis?.length ?? "some"} KPIs have neither a value nor a not-used reason`,
    );
  }
}

if (require.main === module) {
  const env = process.env;
  const options = { endpoint: env.PMM_ENDPOINT ?? "http://localhost:4000/graphql", token: env.PMM_TOKEN };
  submissionExample(options, env.PMM_MEMBER ?? "KEN", env.PMM_CYCLE ?? "2027", (line) => console.log(line)).catch(
    (err: unknown) => {
      console.error(err instanceof PmmApiError ? err.message : err);
      process.exitCode = 1;
    },
  );
}
