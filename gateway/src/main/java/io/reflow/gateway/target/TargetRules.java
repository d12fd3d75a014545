package io.reflow.gateway.target;

import com.fasterxml.jackson.databind.JsonNode;
import io.reflow.mcp.api.AuthType;
import io.reflow.mcp.api.McpResources;
import io.reflow.mcp.api.TransportType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.regex.Pattern;

/** Cross-field rules of a target: name syntax, what each transport needs, ranges. */
final class TargetRules {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    // What the operator requires of instance names (SpecValidator): at most 63, a letter first.
    private static final Pattern DNS_1035_LABEL =
            Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
    private static final Pattern QUANTITY =
            Pattern.compile("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?");

    /** Longest accepted {@code tool_prefix}: leaves room for the tool's own name. */
    static final int MAX_TOOL_PREFIX_LENGTH = 64;

    // The characters MCP allows in tool names (2025-11-25: letters, digits, '_', '-', '.').
    private static final Pattern TOOL_PREFIX = Pattern.compile("[A-Za-z0-9_.-]*");

    private TargetRules() {}

    static boolean isQuantity(String text) {
        return text != null && QUANTITY.matcher(text).matches();
    }

    /** True for a DNS-1123 label of at most {@link Target#MAX_NAME_LENGTH} characters. */
    static boolean isValidName(String name) {
        return name != null
                && name.length() <= Target.MAX_NAME_LENGTH
                && DNS_LABEL.matcher(name).matches();
    }

    static void check(Target target, JsonNode node, List<FieldError> errors) {
        checkName(target.name(), node, errors);
        if (target.transportType() == null && !node.hasNonNull("transport_type")) {
            errors.add(
                    new FieldError(
                            "transport_type",
                            "is required (streamable-http, kubernetes, stdio or sse)"));
        }
        TransportType transport = target.transportType();
        if (transport == TransportType.STREAMABLE_HTTP || transport == TransportType.SSE) {
            checkUrl(target.url(), transport, errors);
        }
        if (transport == TransportType.KUBERNETES) {
            checkKubernetes(target, errors);
        }
        if (transport == TransportType.STDIO) {
            checkStdio(target, errors);
        }
        if (target.port() != null && (target.port() < 1 || target.port() > 65535)) {
            errors.add(new FieldError("port", target.port() + " is outside 1..65535"));
        }
        checkToolPrefix(target.toolPrefix(), errors);
        checkPath("health_path", target.healthPath(), errors);
        checkPath("mcp_path", target.mcpPath(), errors);
        if (target.authType() == AuthType.HEADER
                && (target.authHeaderName() == null
                        || !HEADER_NAME.matcher(target.authHeaderName()).matches())) {
            errors.add(
                    new FieldError(
                            "auth_header_name",
                            "is required for auth_type header and must be a header name"));
        }
    }

    private static void checkName(String name, JsonNode node, List<FieldError> errors) {
        if (name == null) {
            if (!node.hasNonNull("name")) {
                errors.add(new FieldError("name", "is required"));
            }
            return;
        }
        if (!isValidName(name)) {
            errors.add(
                    new FieldError(
                            "name",
                            "'"
                                    + name
                                    + "' must be a DNS-1123 label (lowercase letters, digits,"
                                    + " '-') of at most "
                                    + Target.MAX_NAME_LENGTH
                                    + " characters"));
        }
    }

    private static void checkKubernetes(Target target, List<FieldError> errors) {
        if (target.image() == null || target.image().isBlank()) {
            errors.add(new FieldError("image", "is required for transport_type kubernetes"));
        }
        String name = target.name();
        if (isValidName(name)
                && !DNS_1035_LABEL
                        .matcher(McpResources.instanceName(name, "shared:" + name))
                        .matches()) {
            // The operator names the instance's Service after it, and Services need DNS-1035.
            errors.add(
                    new FieldError(
                            "name",
                            "'"
                                    + name
                                    + "' must start with a lowercase letter for transport_type"
                                    + " kubernetes (its instances' Services are named after it)"));
        }
    }

    private static void checkStdio(Target target, List<FieldError> errors) {
        if (target.command() == null
                || target.command().isEmpty()
                || target.command().get(0).isBlank()) {
            errors.add(new FieldError("command", "is required for transport_type stdio"));
        }
        if (target.workingDir() != null && !target.workingDir().startsWith("/")) {
            errors.add(new FieldError("working_dir", "must be an absolute path"));
        }
    }

    private static void checkUrl(String url, TransportType transport, List<FieldError> errors) {
        if (url == null || url.isBlank()) {
            errors.add(
                    new FieldError(
                            "url", "is required for transport_type " + transport.wireName()));
            return;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (scheme == null
                    || !(scheme.equals("http") || scheme.equals("https"))
                    || uri.getHost() == null) {
                errors.add(new FieldError("url", "must be an absolute http(s) URL"));
            }
        } catch (URISyntaxException e) {
            // The reason quotes the URL, which may carry credentials.
            errors.add(new FieldError("url", "is not a URL"));
        }
    }

    private static void checkToolPrefix(String prefix, List<FieldError> errors) {
        if (prefix == null) {
            return;
        }
        if (prefix.length() > MAX_TOOL_PREFIX_LENGTH || !TOOL_PREFIX.matcher(prefix).matches()) {
            errors.add(
                    new FieldError(
                            "tool_prefix",
                            "must be at most "
                                    + MAX_TOOL_PREFIX_LENGTH
                                    + " of the characters MCP allows in tool names (letters,"
                                    + " digits, '_', '-', '.')"));
        }
    }

    private static void checkPath(String field, String path, List<FieldError> errors) {
        if (path != null && !path.isEmpty() && !path.startsWith("/")) {
            errors.add(new FieldError(field, "'" + path + "' must start with /"));
        }
    }
}
