// A real OpenID Connect provider (panva's oidc-provider) for the console's sign-in test, on
// 127.0.0.1 and a free port. Environment: GATEWAY_URL (the gateway's origin, whose /ui/ is the
// redirect URI and whose /mcp is the resource the access tokens are for), CLIENT_ID.
// Prints "issuer <url>" once it listens; stops on SIGTERM or when its standard input closes.
import { generateKeyPairSync } from "node:crypto";
import { createServer } from "node:http";
import Provider from "oidc-provider";

const gateway = process.env.GATEWAY_URL;
const clientId = process.env.CLIENT_ID ?? "reflow-console";
if (!gateway) throw new Error("environment variable GATEWAY_URL is required");
const resource = new URL("/mcp", gateway).href;
const signing = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });

const server = createServer();
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      token_endpoint_auth_method: "none",
      redirect_uris: [new URL("/ui/", gateway).href],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  jwks: { keys: [{ ...signing, kid: "test-rs256", alg: "RS256", use: "sig" }] },
  pkce: { required: () => true },
  scopes: ["openid", "mcp"],
  // Any user name signs in (the provider's own login and consent pages, dev interactions).
  findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => resource,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, indicator) => {
        if (indicator !== resource) throw new Error(`unknown resource ${indicator}`);
        return { scope: "mcp", audience: resource, accessTokenFormat: "jwt", jwt: { sign: { alg: "RS256" } } };
      },
    },
  },
  // The console trades the code from its own origin, and only from there.
  clientBasedCORS: (_ctx, origin) => origin === new URL(gateway).origin,
});
server.on("request", provider.callback());
console.log(`issuer ${issuer}`);

const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.stdin.on("end", stop);
process.stdin.resume();
