package io.reflow.operator.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.MCPInstanceSpec;
import io.reflow.mcp.api.McpResources;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Pod of an instance, built from its spec alone: one container named {@value #CONTAINER} with
 * the port named {@value #PORT_NAME}, probes, resources, {@code envFrom} the instance's Secret and
 * a restricted security context.
 */
public final class InstancePod {

    /** Name of the MCP server container. */
    public static final String CONTAINER = "mcp";

    /** Name of the container port (the Service targets it by name). */
    public static final String PORT_NAME = "mcp";

    private static final ObjectMapper CANONICAL =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private InstancePod() {}

    /** The desired Pod; its {@code template-hash} annotation identifies what it was built from. */
    public static Pod desired(MCPInstance instance) {
        PodSpec spec = podSpec(instance.getSpec());
        return new PodBuilder()
                .withNewMetadata()
                .withName(McpResources.podName(instance.getMetadata().getName()))
                .withNamespace(instance.getMetadata().getNamespace())
                .withLabels(InstanceLabels.of(instance))
                .withAnnotations(
                        Map.of(
                                McpResources.ANNOTATION_POD_TEMPLATE_HASH,
                                templateHash(spec, secretHash(instance))))
                .withOwnerReferences(Owners.controller(instance))
                .endMetadata()
                .withSpec(spec)
                .build();
    }

    /** The template hash recorded on a Pod, or null when it has none. */
    public static String templateHash(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        return annotations == null
                ? null
                : annotations.get(McpResources.ANNOTATION_POD_TEMPLATE_HASH);
    }

    /** The instance's {@code mcp.reflow.io/secret-hash} annotation, or "" when it has none. */
    public static String secretHash(MCPInstance instance) {
        return Objects.requireNonNullElse(McpResources.secretHash(instance), "");
    }

    private static String templateHash(PodSpec spec, String secretHash) {
        try {
            String canonical = CANONICAL.writeValueAsString(spec) + "\n" + secretHash;
            return McpResources.sha256Hex(canonical).substring(0, 16);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a PodSpec always serializes", e);
        }
    }

    private static PodSpec podSpec(MCPInstanceSpec spec) {
        return new PodSpecBuilder()
                .withContainers(container(spec))
                .withRestartPolicy("Always")
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .endSecurityContext()
                .build();
    }

    private static Container container(MCPInstanceSpec spec) {
        ContainerBuilder container =
                new ContainerBuilder()
                        .withName(CONTAINER)
                        .withImage(spec.getImage())
                        .addNewPort()
                        .withName(PORT_NAME)
                        .withContainerPort(spec.getPort())
                        .withProtocol("TCP")
                        .endPort()
                        .withEnvFrom(envFrom(spec.getSecretName()))
                        .withReadinessProbe(readinessProbe(spec.getHealthPath()))
                        .withLivenessProbe(livenessProbe())
                        .withResources(spec.getResources())
                        .withSecurityContext(
                                new SecurityContextBuilder()
                                        .withRunAsNonRoot(true)
                                        .withAllowPrivilegeEscalation(false)
                                        .withNewCapabilities()
                                        .withDrop("ALL")
                                        .endCapabilities()
                                        .withNewSeccompProfile()
                                        .withType("RuntimeDefault")
                                        .endSeccompProfile()
                                        .build());
        if (spec.getCommand() != null && !spec.getCommand().isEmpty()) {
            container.withCommand(spec.getCommand());
        }
        if (spec.getArgs() != null && !spec.getArgs().isEmpty()) {
            container.withArgs(spec.getArgs());
        }
        return container.build();
    }

    private static List<EnvFromSource> envFrom(String secretName) {
        if (secretName == null || secretName.isEmpty()) {
            return List.of();
        }
        return List.of(
                new EnvFromSourceBuilder()
                        .withNewSecretRef()
                        .withName(secretName)
                        .endSecretRef()
                        .build());
    }

    private static Probe readinessProbe(String healthPath) {
        ProbeBuilder probe =
                new ProbeBuilder()
                        .withPeriodSeconds(2)
                        .withTimeoutSeconds(1)
                        .withFailureThreshold(3);
        if (healthPath == null || healthPath.isEmpty()) {
            return probe.withNewTcpSocket()
                    .withPort(new IntOrString(PORT_NAME))
                    .endTcpSocket()
                    .build();
        }
        return probe.withNewHttpGet()
                .withPath(healthPath)
                .withPort(new IntOrString(PORT_NAME))
                .endHttpGet()
                .build();
    }

    private static Probe livenessProbe() {
        return new ProbeBuilder()
                .withNewTcpSocket()
                .withPort(new IntOrString(PORT_NAME))
                .endTcpSocket()
                .withInitialDelaySeconds(10)
                .withPeriodSeconds(10)
                .withTimeoutSeconds(1)
                .withFailureThreshold(3)
                .build();
    }
}
