/** Why dist/ cannot be trusted (missing, or older than a file under src/), or null when it is current. */
export function staleBuild(root?: string): string | null;
