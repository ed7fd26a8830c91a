import { withLockPolicy } from "../../src/db/write-transaction";
import { backoffMs } from "../../src/db/connect-retry";

/** Errors as TypeORM hands them over from mysql2: a QueryFailedError whose driverError has the code. */
const driverError = (code: string, errno: number) =>
  Object.assign(new Error("query failed"), { driverError: { code, errno } });
const deadlock = () => driverError("ER_LOCK_DEADLOCK", 1213);
const lockTimeout = () => driverError("ER_LOCK_WAIT_TIMEOUT", 1205);

function recorder() {
  const lines: string[] = [];
  return { lines, warn: (_obj: object, msg: string) => void lines.push(msg) };
}

describe("withLockPolicy", () => {
  it("retries a deadlock once and returns the second attempt's result", async () => {
    const log = recorder();
    let calls = 0;
    const result = await withLockPolicy(async () => {
      calls++;
      if (calls === 1) throw deadlock();
      return "written";
    }, log);
    expect(result).toBe("written");
    expect(calls).toBe(2);
    expect(log.lines).toEqual(["deadlock: retrying the transaction once"]);
  });

  it("answers a deadlock that persists after the retry with CONFLICT/DEADLOCK", async () => {
    let calls = 0;
    const failure = withLockPolicy(async () => {
      calls++;
      throw deadlock();
    }, recorder());
    await expect(failure).rejects.toMatchObject({ extensions: { code: "CONFLICT", reason: "DEADLOCK" } });
    expect(calls).toBe(2);
  });

  it("answers a lock wait timeout with CONFLICT/LOCK_TIMEOUT at once, without a retry", async () => {
    let calls = 0;
    const failure = withLockPolicy(async () => {
      calls++;
      throw lockTimeout();
    }, recorder());
    await expect(failure).rejects.toMatchObject({ extensions: { code: "CONFLICT", reason: "LOCK_TIMEOUT" } });
    expect(calls).toBe(1);
  });

  it("passes every other error through unchanged, after one attempt", async () => {
    const other = new Error("something else");
    let calls = 0;
    await expect(
      withLockPolicy(async () => {
        calls++;
        throw other;
      }, recorder()),
    ).rejects.toBe(other);
    expect(calls).toBe(1);
  });
});

describe("backoffMs (start-up retries)", () => {
  it("doubles from 1 s and stays at 30 s", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(backoffMs)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
});
