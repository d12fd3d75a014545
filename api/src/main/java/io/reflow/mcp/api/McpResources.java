package io.reflow.mcp.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Names, labels, annotations and patterns of the resources Reflow creates. The one place that
 * decides what an instance, its Secret, Pod and Service are called and how they are selected.
 */
public final class McpResources {

    /** API group of the custom resources. */
    public static final String GROUP = "mcp.reflow.io";

    /** API version of the custom resources. */
    public static final String VERSION = "v1alpha1";

    /** Default MCP server port. */
    public static final int DEFAULT_PORT = 8080;

    /** Default path of the MCP endpoint. */
    public static final String DEFAULT_MCP_PATH = "/mcp";

    /** Longest target name that still leaves room for the hash suffix and "-env" in 63 chars. */
    public static final int MAX_TARGET_NAME_LENGTH = 48;

    /** Hex characters of sha256(subjectKey) in instance names and the subject-hash label. */
    public static final int SUBJECT_HASH_LENGTH = 10;

    /** A DNS-1123 label. */
    public static final String DNS_LABEL_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    /** A DNS-1123 subdomain. */
    public static final String DNS_SUBDOMAIN_PATTERN =
            "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /** A subject key: boundary, colon, target id or hash. */
    public static final String SUBJECT_KEY_PATTERN =
            "^(shared|role|group|user):[A-Za-z0-9._-]{1,128}$";

    /** An absolute HTTP path. */
    public static final String HTTP_PATH_PATTERN = "^/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$";

    /** An absolute HTTP path, or empty. */
    public static final String HTTP_PATH_OR_EMPTY_PATTERN = "^(/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?$";

    /** A container image reference without whitespace. */
    public static final String IMAGE_PATTERN = "^[^\\s]+$";

    /**
     * Label: who created the object ({@link #MANAGED_BY_GATEWAY} or {@link #MANAGED_BY_OPERATOR}).
     */
    public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";

    /** Label value on what the gateway creates (Secrets, MCPInstances). */
    public static final String MANAGED_BY_GATEWAY = "reflow-gateway";

    /** Label value on what the operator creates (Pods, Services). */
    public static final String MANAGED_BY_OPERATOR = "reflow-operator";

    /** Label: the target an object belongs to. */
    public static final String LABEL_TARGET = GROUP + "/target";

    /** Label: the instance an object belongs to. */
    public static final String LABEL_INSTANCE = GROUP + "/instance";

    /** Label: {@link #subjectHash(String)} of the instance's subject key. */
    public static final String LABEL_SUBJECT_HASH = GROUP + "/subject-hash";

    /** Annotation on an MCPInstance: hash of its Secret's content; a change rolls the Pod. */
    public static final String ANNOTATION_SECRET_HASH = GROUP + "/secret-hash";

    /** Annotation on an MCPInstance: last activity the gateway recorded (RFC 3339). */
    public static final String ANNOTATION_LAST_ACTIVITY = GROUP + "/last-activity";

    /** Annotation on a Pod: hash of the spec and secret it was built from; a change replaces it. */
    public static final String ANNOTATION_POD_TEMPLATE_HASH = GROUP + "/template-hash";

    private static final Pattern TARGET_NAME = Pattern.compile(DNS_LABEL_PATTERN);
    private static final Pattern SUBJECT_KEY = Pattern.compile(SUBJECT_KEY_PATTERN);

    private McpResources() {}

    /**
     * Name of the MCPInstance (and its Pod and Service) of one subject of one target: {@code
     * <target>-<10 hex of sha256(subjectKey)>}. Never truncated, so never ambiguous.
     */
    public static String instanceName(String targetName, String subjectKey) {
        requireTargetName(targetName);
        requireSubjectKey(subjectKey);
        return targetName + "-" + subjectHash(subjectKey);
    }

    /**
     * The instance's {@value #ANNOTATION_SECRET_HASH} annotation (the hash of the credentials its
     * Pod must run with), or null when it has none.
     */
    public static String secretHash(MCPInstance instance) {
        Map<String, String> annotations = instance.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(ANNOTATION_SECRET_HASH);
    }

    /** Name of the Secret that holds an instance's environment. */
    public static String secretName(String instanceName) {
        return instanceName + "-env";
    }

    /** Name of an instance's Pod. */
    public static String podName(String instanceName) {
        return instanceName;
    }

    /** Name of an instance's Service. */
    public static String serviceName(String instanceName) {
        return instanceName;
    }

    /** First {@value #SUBJECT_HASH_LENGTH} hex characters of sha256(subjectKey). */
    public static String subjectHash(String subjectKey) {
        return sha256Hex(subjectKey).substring(0, SUBJECT_HASH_LENGTH);
    }

    /** Full lowercase hex sha256 of a UTF-8 string. */
    public static String sha256Hex(String value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * Labels of an object that belongs to an instance: target, instance, subject hash and who
     * manages it.
     */
    public static Map<String, String> instanceLabels(
            String targetName, String subjectKey, String managedBy) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_MANAGED_BY, managedBy);
        labels.put(LABEL_TARGET, targetName);
        labels.put(LABEL_INSTANCE, instanceName(targetName, subjectKey));
        labels.put(LABEL_SUBJECT_HASH, subjectHash(subjectKey));
        return labels;
    }

    /** Selector that matches exactly the Pod of one instance. */
    public static Map<String, String> podSelector(String instanceName) {
        return Map.of(LABEL_INSTANCE, instanceName);
    }

    private static void requireTargetName(String targetName) {
        if (targetName == null
                || targetName.length() > MAX_TARGET_NAME_LENGTH
                || !TARGET_NAME.matcher(targetName).matches()) {
            throw new IllegalArgumentException(
                    "targetName must be a DNS-1123 label of at most "
                            + MAX_TARGET_NAME_LENGTH
                            + " characters, got '"
                            + targetName
                            + "'");
        }
    }

    private static void requireSubjectKey(String subjectKey) {
        if (subjectKey == null || !SUBJECT_KEY.matcher(subjectKey).matches()) {
            throw new IllegalArgumentException(
                    "subjectKey must match " + SUBJECT_KEY_PATTERN + ", got '" + subjectKey + "'");
        }
    }
}
