/** The scoring rule's function lives with the other statistics (src/analytics/statistics.ts): one definition. */
export { score as scoreOf } from "../analytics/statistics";
