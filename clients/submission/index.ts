import { connect, type ClientOptions } from "../shared/request";
import {
  AssessmentDocument,
  StartAssessmentDocument,
  SubmitAssessmentDocument,
  SubmitResultsDocument,
  UploadResultsCsvDocument,
  type AssessmentQuery,
  type AssessmentQueryVariables,
  type AssessmentStateFragment,
  type ResultStateFragment,
  type StartAssessmentMutationVariables,
  type SubmitAssessmentMutation,
  type SubmitAssessmentMutationVariables,
  type SubmitResultsMutation,
  type SubmitResultsMutationVariables,
  type UploadResultsCsvMutationVariables,
} from "./generated/graphql";

// Fragment documents stay internal: their variables are untyped, and only whole operations are sent.
export type * from "./generated/graphql";
export {
  AssessmentDocument,
  StartAssessmentDocument,
  SubmitAssessmentDocument,
  SubmitResultsDocument,
  UploadResultsCsvDocument,
} from "./generated/graphql";
export * from "../shared/request";
export type * from "../shared/scalars";

/** What an NCP's tool needs to fill in and submit its Member's self-assessment. */
export type AssessmentState = AssessmentStateFragment;
export type AssessmentWithTemplate = NonNullable<AssessmentQuery["assessment"]>;
export type ResultState = ResultStateFragment;
export type ResultsPayload = SubmitResultsMutation["submitResults"];
export type SubmittedAssessment = SubmitAssessmentMutation["submitAssessment"];

export interface SubmissionClient {
  /** One empty result per KPI, each at version 1; CONFLICT when the cycle is not open or it already exists. */
  startAssessment(variables: StartAssessmentMutationVariables): Promise<AssessmentState>;
  /** The assessment with every result's version and the CSV template; null when the Member has none in the cycle. */
  assessment(variables: AssessmentQueryVariables): Promise<AssessmentWithTemplate | null>;
  /**
   * All or nothing: BAD_USER_INPUT lists every problem in `extensions.problems`; a stale `expectedVersion`
   * is CONFLICT with `extensions.currentVersion`.
   */
  submitResults(variables: SubmitResultsMutationVariables): Promise<ResultsPayload>;
  /** The same from a CSV (start from `csvTemplate`); problems name their line. */
  uploadResultsCsv(variables: UploadResultsCsvMutationVariables): Promise<ResultsPayload>;
  /** Locks the assessment; BAD_USER_INPUT names every KPI still without a value or a not-used reason. */
  submitAssessment(variables: SubmitAssessmentMutationVariables): Promise<SubmittedAssessment>;
}

export function createSubmissionClient(options: ClientOptions): SubmissionClient {
  const send = connect(options);
  return {
    startAssessment: async (variables) => (await send(StartAssessmentDocument, variables)).startAssessment,
    assessment: async (variables) => (await send(AssessmentDocument, variables)).assessment,
    submitResults: async (variables) => (await send(SubmitResultsDocument, variables)).submitResults,
    uploadResultsCsv: async (variables) => (await send(UploadResultsCsvDocument, variables)).uploadResultsCsv,
    submitAssessment: async (variables) => (await send(SubmitAssessmentDocument, variables)).submitAssessment,
  };
}
