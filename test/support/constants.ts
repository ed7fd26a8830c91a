/** The secret the test server verifies tokens with (tests sign their own viewers' tokens). */
export const TEST_JWT_SECRET = "pmm-graph-test-secret-0123456789abcdef-0123456789";
