package io.reflow.gateway.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reflow.gateway.access.Policy;
import io.reflow.gateway.json.Json;
import io.reflow.gateway.target.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The whole gateway configuration: parsed once at start-up from YAML (with {@code ${ENV}}
 * expansion), validated, immutable. {@link #toString()} masks every secret.
 *
 * @param server listener, DNS-rebinding protection, limits and upstream timeouts
 * @param session how session ids are sealed
 * @param auth admin tokens, JWT verification, anonymous access
 * @param store where targets and env configs live
 * @param encryption key that encrypts env values at rest
 * @param targets static, read-only targets from the file
 * @param kubernetes the kubernetes transport
 * @param stdio the processes behind stdio targets
 * @param policies static, read-only access policies from the file
 * @param audit where audit records go
 * @param tracing where spans are exported, if anywhere
 * @param consoleOidc the console's sign-in through an identity provider ({@code ui.oidc})
 */
public record GatewayConfig(
        Server server,
        Session session,
        Auth auth,
        Store store,
        Encryption encryption,
        List<Target> targets,
        KubernetesConfig kubernetes,
        StdioConfig stdio,
        List<Policy> policies,
        AuditConfig audit,
        TracingConfig tracing,
        ConsoleOidcConfig consoleOidc) {

    /** Copies the target and policy lists. */
    public GatewayConfig {
        targets = List.copyOf(targets);
        policies = List.copyOf(policies);
    }

    @Override
    public String toString() {
        // Written out here and in the nested records: a record's generated toString spins
        // classes on first use, tens of milliseconds for the config start-up logs.
        return "GatewayConfig[server="
                + server
                + ", session="
                + session
                + ", auth="
                + auth
                + ", store="
                + store
                + ", encryption="
                + encryption
                + ", targets="
                + targets
                + ", kubernetes="
                + kubernetes
                + ", stdio="
                + stdio
                + ", policies="
                + policies.size()
                + ", audit="
                + audit
                + ", tracing="
                + tracing
                + ", consoleOidc="
                + consoleOidc
                + "]";
    }

    /**
     * Parses a YAML config file, expanding {@code ${NAME}} from {@code env}.
     *
     * @throws ConfigException naming the key at fault
     */
    public static GatewayConfig fromYaml(String yaml, Map<String, String> env) {
        return ConfigParser.parse(yaml, env);
    }

    /**
     * The embedded default used when no config file is given: 127.0.0.1:8080 ({@code REFLOW_PORT}
     * picks another port), file store under {@code REFLOW_DATA} or {@code ./data}, the admin token
     * from {@code REFLOW_ADMIN_TOKEN} or the one kept in the data directory ({@link
     * AdminTokenFile}, generated on the first start; {@link Auth#adminTokenGenerated()}).
     */
    public static GatewayConfig defaults(Map<String, String> env) {
        // The tree of `server: { port: ${REFLOW_PORT} }, auth: { admin_tokens:
        // ["${REFLOW_ADMIN_TOKEN}"] }`, built without YAML; unset variables expand to "".
        ObjectNode tree = Json.object();
        tree.putObject("server").put("port", "${REFLOW_PORT}");
        tree.putObject("auth").putArray("admin_tokens").add("${REFLOW_ADMIN_TOKEN}");
        return ConfigParser.parse(tree, env).withKeptAdminTokenIfNone();
    }

    GatewayConfig withKeptAdminTokenIfNone() {
        if (!auth.adminTokens().isEmpty()) {
            return this;
        }
        String token = AdminTokenFile.loadOrCreate(store.path());
        Auth kept =
                new Auth(
                        List.of(token),
                        auth.jwt(),
                        auth.allowAnonymous(),
                        auth.adminRole(),
                        true,
                        auth.oauth());
        return new GatewayConfig(
                server,
                session,
                kept,
                store,
                encryption,
                targets,
                kubernetes,
                stdio,
                policies,
                audit,
                tracing,
                consoleOidc);
    }

    /**
     * The {@code server} block.
     *
     * @param host address to bind
     * @param port port to bind; 0 picks a free one
     * @param allowedOrigins accepted {@code Origin} values; empty means loopback origins only
     * @param allowedHosts accepted {@code Host} names; empty means loopback names only when bound
     *     to loopback, any otherwise
     * @param maxBodyBytes largest accepted request body
     * @param connectTimeout upstream connect timeout
     * @param readTimeout default time an upstream may take to answer (per target: {@code TIMEOUT})
     * @param writeTimeout time an upstream may take to accept a request's bytes
     * @param maxConcurrentPerIdentity concurrent MCP requests one identity may have in flight
     * @param maxBodyBytesInFlight request body bytes all requests together may hold in memory
     * @param maxJsonDepth deepest nesting of arrays and objects accepted in a request body
     * @param maxJsonTokens most JSON tokens accepted in one request body
     * @param streamKeepAliveInterval quiet time on an SSE stream after which the gateway sends a
     *     comment, so a departed client is noticed
     * @param streamIdleTimeout quiet time from the upstream after which a stream is ended
     */
    public record Server(
            String host,
            int port,
            List<String> allowedOrigins,
            List<String> allowedHosts,
            int maxBodyBytes,
            Duration connectTimeout,
            Duration readTimeout,
            Duration writeTimeout,
            int maxConcurrentPerIdentity,
            long maxBodyBytesInFlight,
            int maxJsonDepth,
            int maxJsonTokens,
            Duration streamKeepAliveInterval,
            Duration streamIdleTimeout) {

        /** Copies the lists. */
        public Server {
            allowedOrigins = List.copyOf(allowedOrigins);
            allowedHosts = List.copyOf(allowedHosts);
        }

        @Override
        public String toString() {
            return "Server[host="
                    + host
                    + ", port="
                    + port
                    + ", allowedOrigins="
                    + allowedOrigins
                    + ", allowedHosts="
                    + allowedHosts
                    + ", maxBodyBytes="
                    + maxBodyBytes
                    + ", connectTimeout="
                    + connectTimeout
                    + ", readTimeout="
                    + readTimeout
                    + ", writeTimeout="
                    + writeTimeout
                    + ", maxConcurrentPerIdentity="
                    + maxConcurrentPerIdentity
                    + ", maxBodyBytesInFlight="
                    + maxBodyBytesInFlight
                    + ", maxJsonDepth="
                    + maxJsonDepth
                    + ", maxJsonTokens="
                    + maxJsonTokens
                    + ", streamKeepAliveInterval="
                    + streamKeepAliveInterval
                    + ", streamIdleTimeout="
                    + streamIdleTimeout
                    + "]";
        }
    }

    /**
     * The {@code session} block.
     *
     * @param key secret every replica shares to seal session ids; empty means a random per-process
     *     key (a single replica)
     * @param timeout lifetime of a session id after initialize
     */
    public record Session(String key, Duration timeout) {

        @Override
        public String toString() {
            return "Session[key=" + Masking.mask(key) + ", timeout=" + timeout + "]";
        }
    }

    /**
     * The {@code auth} block.
     *
     * @param adminTokens bearer tokens with admin rights
     * @param jwt JWT verification
     * @param allowAnonymous whether requests without a token get the identity {@code anonymous}
     * @param adminRole JWT role value that grants admin rights
     * @param adminTokenGenerated whether the only admin token is the one kept in the data directory
     *     (the embedded default without {@code REFLOW_ADMIN_TOKEN})
     * @param oauth OAuth discovery for MCP clients and the audience it implies
     */
    public record Auth(
            List<String> adminTokens,
            Jwt jwt,
            boolean allowAnonymous,
            String adminRole,
            boolean adminTokenGenerated,
            OAuthConfig oauth) {

        /** Copies the token list. */
        public Auth {
            adminTokens = List.copyOf(adminTokens);
        }

        /** The block without OAuth discovery. */
        public Auth(
                List<String> adminTokens,
                Jwt jwt,
                boolean allowAnonymous,
                String adminRole,
                boolean adminTokenGenerated) {
            this(adminTokens, jwt, allowAnonymous, adminRole, adminTokenGenerated, OAuthConfig.OFF);
        }

        @Override
        public String toString() {
            return "Auth[adminTokens="
                    + adminTokens.size()
                    + " (masked), jwt="
                    + jwt
                    + ", allowAnonymous="
                    + allowAnonymous
                    + ", adminRole="
                    + adminRole
                    + ", adminTokenGenerated="
                    + adminTokenGenerated
                    + ", oauth="
                    + oauth
                    + "]";
        }
    }

    /**
     * The {@code auth.jwt} block.
     *
     * @param hs256Secret shared secret for HS256 tokens; empty disables HS256
     * @param jwksUrl URL of a JWKS with RS256/ES256 keys; empty disables them
     * @param issuer required {@code iss}, or empty for any
     * @param audience required {@code aud}, or empty for any
     * @param claims claim names for subject, role and groups
     * @param jwksCacheTtl how long fetched keys are trusted before a refresh
     */
    public record Jwt(
            String hs256Secret,
            String jwksUrl,
            String issuer,
            String audience,
            Claims claims,
            Duration jwksCacheTtl) {

        @Override
        public String toString() {
            return "Jwt[hs256Secret="
                    + Masking.mask(hs256Secret)
                    + ", jwksUrl="
                    + (jwksUrl.isEmpty() ? "" : Urls.redacted(jwksUrl))
                    + ", issuer="
                    + issuer
                    + ", audience="
                    + audience
                    + ", claims="
                    + claims
                    + ", jwksCacheTtl="
                    + jwksCacheTtl
                    + "]";
        }
    }

    /**
     * The {@code auth.jwt.claims} block.
     *
     * @param subject claim holding the user id
     * @param role claim holding the role
     * @param groups claim holding the groups (a list or a comma-separated string)
     */
    public record Claims(String subject, String role, String groups) {

        @Override
        public String toString() {
            return "Claims[subject=" + subject + ", role=" + role + ", groups=" + groups + "]";
        }
    }

    /** Where targets are stored. */
    public enum StoreKind {
        /** Files under {@code store.path}. */
        FILE,
        /** MCPTarget resources and Secrets in {@code kubernetes.namespace}. */
        KUBERNETES
    }

    /**
     * The {@code store} block.
     *
     * @param kind file or kubernetes
     * @param path data directory of the file store
     */
    public record Store(StoreKind kind, Path path) {

        @Override
        public String toString() {
            return "Store[kind=" + kind + ", path=" + path + "]";
        }
    }

    /**
     * The {@code encryption} block.
     *
     * @param key 32-byte AES-256 key (base64 or hex in the file), or null to keep a generated key
     *     in the data directory
     */
    public record Encryption(byte[] key) {

        /** Copies the key. */
        public Encryption {
            key = key == null ? null : key.clone();
        }

        /** A copy of the key, or null. */
        @Override
        public byte[] key() {
            return key == null ? null : key.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Encryption that && java.util.Arrays.equals(key, that.key);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(key);
        }

        @Override
        public String toString() {
            return "Encryption[key=" + (key == null ? "(generated)" : "****") + "]";
        }
    }
}
