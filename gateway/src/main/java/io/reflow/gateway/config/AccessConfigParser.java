package io.reflow.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflow.gateway.access.Policy;
import io.reflow.gateway.access.PolicyJson;
import io.reflow.gateway.access.PolicyValidationException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code policies} list and the {@code audit} block of the config file. */
final class AccessConfigParser {

    private AccessConfigParser() {}

    /** Static policies; each needs an {@code id}, unique in the list. */
    static List<Policy> policies(JsonNode node, Map<String, String> env) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new ConfigException("policies: must be a list");
        }
        List<Policy> policies = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String prefix = "policies[" + i + "]";
            try {
                Policy policy =
                        PolicyJson.parse(ConfigParser.expandAll(node.get(i), env), null, true);
                if (!ids.add(policy.id())) {
                    throw new ConfigException(
                            prefix + ".id: '" + policy.id() + "' is defined twice");
                }
                policies.add(policy);
            } catch (PolicyValidationException e) {
                var first = e.errors().get(0);
                throw new ConfigException(prefix + "." + first.field() + ": " + first.message(), e);
            }
        }
        return policies;
    }

    /** The {@code audit} block: stdout on, no file, a ring of 10,000 records by default. */
    static AuditConfig audit(ConfigNode node, Map<String, String> env) {
        node.onlyKeys(
                Set.of("stdout", "file", "max_file_bytes", "max_files", "ring_size", "replica"));
        String file = node.string("file", "");
        Path path;
        try {
            path = file.isBlank() ? null : Path.of(file);
        } catch (InvalidPathException e) {
            throw new ConfigException(
                    node.key("file") + ": is not a file system path (" + e.getReason() + ")");
        }
        String replica = node.string("replica", "");
        return new AuditConfig(
                node.bool("stdout", true),
                path,
                node.integer("max_file_bytes", 10 * 1024 * 1024, 1024, Integer.MAX_VALUE),
                node.integer("max_files", 5, 0, 1000),
                node.integer("ring_size", 10_000, 1, 1_000_000),
                replica.isBlank() ? hostName(env) : replica);
    }

    private static String hostName(Map<String, String> env) {
        String host = env.getOrDefault("HOSTNAME", "");
        if (!host.isBlank()) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "gateway";
        }
    }
}
