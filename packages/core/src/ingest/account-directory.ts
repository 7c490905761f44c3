import type { AccountDirectory } from "../ports";

export const defaultWorkspace = "default";

/** Accounts registered by configuration (`WORKSPACE_ACCOUNTS`); any other account is in `default`. */
export function staticAccountDirectory(accounts: ReadonlyMap<string, string> = new Map()): AccountDirectory {
  return {
    async workspaceFor(platform, accountId) {
      return accounts.get(`${platform}:${accountId}`) ?? defaultWorkspace;
    },
  };
}
