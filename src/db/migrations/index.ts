import { FrameworkAndReference1795392000001 } from "./0001-framework-and-reference";

/** Every migration, in order. Listed explicitly so the build holds exactly what runs. */
export const migrations = [FrameworkAndReference1795392000001];
