import { FrameworkAndReference1795392000001 } from "./0001-framework-and-reference";
import { AssessmentsAndResults1795392000002 } from "./0002-assessments-and-results";

/** Every migration, in order. Listed explicitly so the build holds exactly what runs. */
export const migrations = [FrameworkAndReference1795392000001, AssessmentsAndResults1795392000002];
