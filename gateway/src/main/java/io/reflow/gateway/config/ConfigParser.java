package io.reflow.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.reflow.gateway.json.Json;
import io.reflow.gateway.target.Target;
import io.reflow.gateway.target.TargetJson;
import io.reflow.gateway.target.TargetValidationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns YAML into a validated {@link GatewayConfig}; every error names its key. */
final class ConfigParser {

    private static final Pattern HEX_KEY = Pattern.compile("[0-9a-fA-F]{64}");

    private ConfigParser() {}

    static GatewayConfig parse(String yaml, Map<String, String> env) {
        return parse(yaml == null || yaml.isBlank() ? Json.object() : YamlReader.read(yaml), env);
    }

    /** The config in {@code tree}: the YAML file's content, or what stands for it. */
    static GatewayConfig parse(JsonNode tree, Map<String, String> env) {
        ConfigNode root = new ConfigNode(tree, "", env);
        root.onlyKeys(
                Set.of(
                        "server",
                        "session",
                        "auth",
                        "store",
                        "encryption",
                        "targets",
                        "kubernetes",
                        "stdio",
                        "policies",
                        "audit",
                        "tracing",
                        "ui"));
        GatewayConfig.Auth auth = auth(root.child("auth"));
        return new GatewayConfig(
                server(root.child("server")),
                session(root.child("session")),
                auth,
                store(root.child("store"), env),
                encryption(root.child("encryption")),
                targets(tree == null ? null : tree.get("targets"), env),
                kubernetes(root.child("kubernetes")),
                stdio(root.child("stdio")),
                AccessConfigParser.policies(tree == null ? null : tree.get("policies"), env),
                AccessConfigParser.audit(root.child("audit"), env),
                TracingConfigParser.tracing(root.child("tracing"), env),
                ConsoleOidcConfig.parse(root.child("ui"), auth));
    }

    private static GatewayConfig.Server server(ConfigNode node) {
        node.onlyKeys(
                Set.of(
                        "host",
                        "port",
                        "allowed_origins",
                        "allowed_hosts",
                        "max_body_bytes",
                        "connect_timeout",
                        "read_timeout",
                        "write_timeout",
                        "max_concurrent_per_identity",
                        "max_body_bytes_in_flight",
                        "max_json_depth",
                        "max_json_tokens",
                        "stream_keepalive_interval",
                        "stream_idle_timeout"));
        int maxBodyBytes = node.integer("max_body_bytes", 4 * 1024 * 1024, 1024, Integer.MAX_VALUE);
        return new GatewayConfig.Server(
                node.string("host", "127.0.0.1"),
                node.integer("port", 8080, 0, 65535),
                node.strings("allowed_origins"),
                node.strings("allowed_hosts"),
                maxBodyBytes,
                positive(node, "connect_timeout", Duration.ofSeconds(5)),
                positive(node, "read_timeout", Duration.ofMinutes(5)),
                positive(node, "write_timeout", Duration.ofSeconds(30)),
                node.integer("max_concurrent_per_identity", 64, 1, 100_000),
                bodyBudget(node, maxBodyBytes),
                node.integer("max_json_depth", 64, 2, 10_000),
                node.integer("max_json_tokens", 1_000_000, 16, Integer.MAX_VALUE),
                positive(node, "stream_keepalive_interval", Duration.ofSeconds(15)),
                positive(node, "stream_idle_timeout", Duration.ofMinutes(10)));
    }

    /** The budget must hold one body of the largest size, or such a body could never pass. */
    private static long bodyBudget(ConfigNode node, int maxBodyBytes) {
        long budget =
                node.integer("max_body_bytes_in_flight", 64 * 1024 * 1024, 1024, Integer.MAX_VALUE);
        if (budget < maxBodyBytes) {
            throw new ConfigException(
                    node.key("max_body_bytes_in_flight")
                            + ": must be at least max_body_bytes ("
                            + maxBodyBytes
                            + ")");
        }
        return budget;
    }

    private static GatewayConfig.Session session(ConfigNode node) {
        node.onlyKeys(Set.of("key", "timeout"));
        String key = node.string("key", "");
        if (!key.isEmpty() && key.length() < 16) {
            throw new ConfigException(
                    node.key("key") + ": must be at least 16 characters (it seals session ids)");
        }
        return new GatewayConfig.Session(key, positive(node, "timeout", Duration.ofMinutes(30)));
    }

    private static GatewayConfig.Auth auth(ConfigNode node) {
        node.onlyKeys(Set.of("admin_tokens", "jwt", "allow_anonymous", "admin_role", "oauth"));
        List<String> tokens = new ArrayList<>();
        for (String token : node.strings("admin_tokens")) {
            if (!token.isBlank()) {
                tokens.add(token.trim());
            }
        }
        ConfigNode jwt = node.child("jwt");
        jwt.onlyKeys(
                Set.of(
                        "hs256_secret",
                        "jwks_url",
                        "issuer",
                        "audience",
                        "claims",
                        "jwks_cache_ttl"));
        String secret = jwt.string("hs256_secret", "");
        if (!secret.isEmpty() && secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new ConfigException(
                    jwt.key("hs256_secret") + ": must be at least 32 bytes for HS256");
        }
        String jwksUrl = jwt.string("jwks_url", "");
        if (!jwksUrl.isEmpty() && !jwksUrl.matches("https?://.+")) {
            throw new ConfigException(jwt.key("jwks_url") + ": must be an http(s) URL");
        }
        ConfigNode claims = jwt.child("claims");
        claims.onlyKeys(Set.of("subject", "role", "groups"));
        GatewayConfig.Jwt jwtConfig =
                new GatewayConfig.Jwt(
                        secret,
                        jwksUrl,
                        jwt.string("issuer", ""),
                        jwt.string("audience", ""),
                        new GatewayConfig.Claims(
                                claims.string("subject", "sub"),
                                claims.string("role", "role"),
                                claims.string("groups", "groups")),
                        positive(jwt, "jwks_cache_ttl", Duration.ofMinutes(5)));
        return new GatewayConfig.Auth(
                tokens,
                jwtConfig,
                node.bool("allow_anonymous", false),
                node.string("admin_role", "admin"),
                false,
                OAuthConfig.parse(node.child("oauth"), jwtConfig));
    }

    private static GatewayConfig.Store store(ConfigNode node, Map<String, String> env) {
        node.onlyKeys(Set.of("kind", "path"));
        String kind = node.string("kind", "file");
        GatewayConfig.StoreKind storeKind =
                switch (kind) {
                    case "file" -> GatewayConfig.StoreKind.FILE;
                    case "kubernetes" -> GatewayConfig.StoreKind.KUBERNETES;
                    default ->
                            throw new ConfigException(
                                    node.key("kind")
                                            + ": '"
                                            + kind
                                            + "' is not one of file, kubernetes");
                };
        String fallback = env.getOrDefault("REFLOW_DATA", "");
        String path = node.string("path", fallback.isBlank() ? "./data" : fallback);
        if (path.isBlank()) {
            throw new ConfigException(node.key("path") + ": must not be empty");
        }
        try {
            return new GatewayConfig.Store(storeKind, Path.of(path));
        } catch (InvalidPathException e) {
            // Not echoed: the value may hold control characters (a NUL is what the OS refuses).
            throw new ConfigException(
                    node.key("path") + ": is not a file system path (" + e.getReason() + ")");
        }
    }

    private static GatewayConfig.Encryption encryption(ConfigNode node) {
        node.onlyKeys(Set.of("key"));
        String text = node.string("key", "").trim();
        if (text.isEmpty()) {
            return new GatewayConfig.Encryption(null);
        }
        byte[] key = decodeKey(text);
        if (key == null || key.length != 32) {
            throw new ConfigException(
                    node.key("key")
                            + ": must be 32 bytes, written as base64 (44 characters) or hex (64"
                            + " characters)");
        }
        return new GatewayConfig.Encryption(key);
    }

    private static byte[] decodeKey(String text) {
        if (HEX_KEY.matcher(text).matches()) {
            return HexFormat.of().parseHex(text);
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException notStandard) {
            try {
                return Base64.getUrlDecoder().decode(text);
            } catch (IllegalArgumentException notUrl) {
                return null;
            }
        }
    }

    private static List<Target> targets(JsonNode node, Map<String, String> env) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new ConfigException("targets: must be a list");
        }
        List<Target> targets = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String prefix = "targets[" + i + "]";
            try {
                Target target = TargetJson.parse(expandAll(node.get(i), env), true);
                if (!names.add(target.name())) {
                    throw new ConfigException(
                            prefix + ".name: '" + target.name() + "' is defined twice");
                }
                targets.add(target);
            } catch (TargetValidationException e) {
                var first = e.errors().get(0);
                throw new ConfigException(prefix + "." + first.field() + ": " + first.message(), e);
            }
        }
        return targets;
    }

    static JsonNode expandAll(JsonNode node, Map<String, String> env) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return TextNode.valueOf(EnvExpander.expand(node.asText(), env));
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).deepCopy();
            node.properties().forEach(e -> copy.set(e.getKey(), expandAll(e.getValue(), env)));
            return copy;
        }
        if (node.isArray()) {
            var copy = Json.array();
            node.forEach(item -> copy.add(expandAll(item, env)));
            return copy;
        }
        return node;
    }

    private static KubernetesConfig kubernetes(ConfigNode node) {
        node.onlyKeys(
                Set.of(
                        "enabled",
                        "namespace",
                        "kubeconfig",
                        "idle_ttl",
                        "max_lifetime",
                        "gc_interval",
                        "max_instances",
                        "startup_timeout",
                        "instance_owner"));
        KubernetesConfig d = KubernetesConfig.DEFAULTS;
        String namespace = node.string("namespace", d.namespace());
        if (!namespace.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") || namespace.length() > 63) {
            throw new ConfigException(
                    node.key("namespace") + ": '" + namespace + "' is not a namespace name");
        }
        return new KubernetesConfig(
                node.bool("enabled", d.enabled()),
                namespace,
                node.string("kubeconfig", d.kubeconfig()),
                positive(node, "idle_ttl", d.idleTtl()),
                positive(node, "max_lifetime", d.maxLifetime()),
                positive(node, "gc_interval", d.gcInterval()),
                node.integer("max_instances", d.maxInstances(), 1, 1_000_000),
                positive(node, "startup_timeout", d.startupTimeout()),
                instanceOwner(node));
    }

    private static StdioConfig stdio(ConfigNode node) {
        node.onlyKeys(Set.of("idle_ttl", "max_lifetime", "gc_interval", "max_processes"));
        StdioConfig d = StdioConfig.DEFAULTS;
        return new StdioConfig(
                positive(node, "idle_ttl", d.idleTtl()),
                positive(node, "max_lifetime", d.maxLifetime()),
                positive(node, "gc_interval", d.gcInterval()),
                node.integer("max_processes", d.maxProcesses(), 1, 100_000));
    }

    private static String instanceOwner(ConfigNode node) {
        String owner = node.string("instance_owner", "");
        if (!owner.isEmpty()
                && (owner.length() > 253
                        || !owner.matches(
                                "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"))) {
            throw new ConfigException(
                    node.key("instance_owner") + ": not a ConfigMap name (DNS subdomain)");
        }
        return owner;
    }

    private static Duration positive(ConfigNode node, String name, Duration fallback) {
        Duration value = node.duration(name, fallback);
        if (value.isZero() || value.isNegative()) {
            throw new ConfigException(node.key(name) + ": must be longer than 0s");
        }
        return value;
    }
}
