import jwt from "jsonwebtoken";
import { TEST_JWT_SECRET } from "./constants";

/** A viewer token as api-contract.md describes it, signed with the test servers' secret. */
export function viewerToken(claims: { sub: string; role: string; member?: string }): string {
  return jwt.sign(claims, TEST_JWT_SECRET, { algorithm: "HS256", expiresIn: "1h" });
}
