package io.reflow.operator.model;

import io.reflow.mcp.api.Durations;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.MCPInstanceSpec;
import io.reflow.mcp.api.McpResources;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks an instance the API server stored, for what schema validation may have let through (an
 * older CRD, a cluster without validation). Each problem names the field at fault.
 */
public final class SpecValidator {

    private static final Pattern DNS_1035_LABEL = Pattern.compile("^[a-z]([-a-z0-9]*[a-z0-9])?$");
    private static final Pattern DNS_LABEL = Pattern.compile(McpResources.DNS_LABEL_PATTERN);
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile(McpResources.DNS_SUBDOMAIN_PATTERN);
    private static final Pattern SUBJECT_KEY = Pattern.compile(McpResources.SUBJECT_KEY_PATTERN);
    private static final Pattern HTTP_PATH = Pattern.compile(McpResources.HTTP_PATH_PATTERN);
    private static final Pattern HTTP_PATH_OR_EMPTY =
            Pattern.compile(McpResources.HTTP_PATH_OR_EMPTY_PATTERN);
    private static final Pattern IMAGE = Pattern.compile(McpResources.IMAGE_PATTERN);

    private SpecValidator() {}

    /** The first problem of the instance, or empty when the operator can run it. */
    public static Optional<String> problem(MCPInstance instance) {
        String name = instance.getMetadata().getName();
        if (name == null || name.length() > 63 || !DNS_1035_LABEL.matcher(name).matches()) {
            return Optional.of(
                    "metadata.name must be a DNS-1035 label of at most 63 characters (it names the"
                            + " Service), got '"
                            + name
                            + "'");
        }
        MCPInstanceSpec spec = instance.getSpec();
        if (spec == null) {
            return Optional.of("spec is required");
        }
        return specProblem(spec);
    }

    private static Optional<String> specProblem(MCPInstanceSpec spec) {
        if (spec.getImage() == null || spec.getImage().isEmpty()) {
            return Optional.of("spec.image is required");
        }
        if (!IMAGE.matcher(spec.getImage()).matches()) {
            return Optional.of("spec.image must not contain whitespace");
        }
        if (spec.getPort() == null || spec.getPort() < 1 || spec.getPort() > 65535) {
            return Optional.of("spec.port must be between 1 and 65535, got " + spec.getPort());
        }
        if (spec.getTargetName() == null
                || spec.getTargetName().length() > McpResources.MAX_TARGET_NAME_LENGTH
                || !DNS_LABEL.matcher(spec.getTargetName()).matches()) {
            return Optional.of(
                    "spec.targetName must be a DNS-1123 label of at most "
                            + McpResources.MAX_TARGET_NAME_LENGTH
                            + " characters, got '"
                            + spec.getTargetName()
                            + "'");
        }
        if (spec.getSubjectKey() == null || !SUBJECT_KEY.matcher(spec.getSubjectKey()).matches()) {
            return Optional.of(
                    "spec.subjectKey must look like shared:<id>, role:<hash>, group:<hash> or"
                            + " user:<hash>");
        }
        return otherProblem(spec);
    }

    private static Optional<String> otherProblem(MCPInstanceSpec spec) {
        String secret = spec.getSecretName();
        if (secret != null
                && !secret.isEmpty()
                && (secret.length() > 253 || !DNS_SUBDOMAIN.matcher(secret).matches())) {
            return Optional.of(
                    "spec.secretName must be a DNS-1123 subdomain, got '" + secret + "'");
        }
        if (spec.getHealthPath() != null
                && !HTTP_PATH_OR_EMPTY.matcher(spec.getHealthPath()).matches()) {
            return Optional.of("spec.healthPath must be empty or an absolute path such as /health");
        }
        if (spec.getMcpPath() != null && !HTTP_PATH.matcher(spec.getMcpPath()).matches()) {
            return Optional.of("spec.mcpPath must be an absolute path such as /mcp");
        }
        Optional<String> idle = durationProblem("spec.idleTTL", spec.getIdleTTL());
        if (idle.isPresent()) {
            return idle;
        }
        return durationProblem("spec.maxLifetime", spec.getMaxLifetime());
    }

    private static Optional<String> durationProblem(String field, String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            if (Durations.parse(text).isZero()) {
                return Optional.of(field + " must be longer than zero");
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(field + ": " + e.getMessage());
        }
    }
}
