import { randomBytes } from "node:crypto";

/** Audit entries are keyed by time and this id: short, random, URL-safe. */
export const auditId = () => randomBytes(9).toString("base64url");
