/** The benchmark's own process (dataset loading through the server's modules) logs warnings only; imported first. */
process.env.PMM_LOG_LEVEL ??= "warn";
