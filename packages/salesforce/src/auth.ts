import { Connection, OAuth2 } from "jsforce";

/** How to reach the org: a given access token, or OAuth 2.0 client credentials against a login URL. */
export type SalesforceAuth =
  | { instanceUrl: string; accessToken: string }
  | { loginUrl: string; clientId: string; clientSecret: string };

/** The REST API version every call uses (sObject Collections upsert needs 46.0 or later). */
export const salesforceApiVersion = "60.0";

/**
 * A jsforce connection, authenticated. With client credentials the token is fetched once and again
 * when the org answers INVALID_SESSION_ID (see `withSession`).
 */
export async function connect(auth: SalesforceAuth): Promise<Connection> {
  if ("accessToken" in auth) {
    return new Connection({
      instanceUrl: auth.instanceUrl,
      accessToken: auth.accessToken,
      version: salesforceApiVersion,
    });
  }
  const oauth2 = new OAuth2({ loginUrl: auth.loginUrl, clientId: auth.clientId, clientSecret: auth.clientSecret });
  const token = (await oauth2.requestToken({ grant_type: "client_credentials" })) as {
    access_token: string;
    instance_url: string;
  };
  return new Connection({
    oauth2,
    instanceUrl: token.instance_url,
    accessToken: token.access_token,
    version: salesforceApiVersion,
  });
}
