import { createTestDatabase } from "./support/test-database";
import { startOwnServer } from "./support/own-server";
import { serviceUrl } from "./support/requires";

const MYSQL = serviceUrl("mysql");

(MYSQL ? describe : describe.skip)(
  `scaling out on MySQL/MariaDB${MYSQL ? "" : " (skipped: set PMM_TEST_MYSQL_URL to run)"}`,
  () => {
    it("lets instances started together on one empty database migrate one after another; all become ready", async () => {
      const db = await createTestDatabase();
      const started = await Promise.allSettled([1, 2, 3].map((n) => startOwnServer(`migrate-race-${n}`, {}, { db })));
      try {
        expect(started.map((s) => s.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
        for (const s of started) {
          if (s.status !== "fulfilled") continue;
          const res = await fetch(`${s.value.baseUrl}/readyz`);
          expect(await res.json()).toEqual({ status: "ready" });
        }
      } finally {
        for (const s of started) if (s.status === "fulfilled") await s.value.server.stop();
        await db.drop();
      }
    });
  },
);
