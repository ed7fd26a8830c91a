/**
 * The end-to-end suite runs the built server (dist/), while in-process tests compile src/ fresh: a dist/ older
 * than src/ would test yesterday's server and pass. The check is the one `npm start` and the CLIs run before
 * they use dist/ (scripts/ensure-built.js).
 */
export { staleBuild } from "../../scripts/ensure-built";
