package io.reflow.mcp.api;

import static io.reflow.mcp.api.CommittedCrds.INSTANCES;
import static io.reflow.mcp.api.CommittedCrds.TARGETS;
import static io.reflow.mcp.api.CommittedCrds.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.reflow.testing.controlplane.ControlPlane;
import io.reflow.testing.controlplane.RequiresControlPlane;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed CRDs as a real API server enforces them: what it rejects (naming the field), the
 * rules on updates, and the defaults it fills in. Nothing is emulated.
 */
@RequiresControlPlane
class CrdValidationControlPlaneTest {

    private static KubernetesClient client;
    private static String namespace;

    @BeforeAll
    static void installCommittedCrds() {
        ControlPlane cluster = ControlPlane.shared();
        client = cluster.admin();
        namespace = cluster.createNamespace("crd-validation", Map.of());
        Kubectl kubectl =
                new Kubectl(cluster.binary("kubectl"), cluster.adminKubeconfig(namespace));
        CommittedCrds.applyCommitted(kubectl, client, namespace);
    }

    @Test
    void rejectsPortOutsideOneTo65535NamingSpecPort() {
        Status tooHigh = rejection(() -> createInstance("high", "port: 70000"));
        Status zero = rejection(() -> createInstance("zero", "port: 0"));

        assertThat(fields(tooHigh)).containsExactly("spec.port");
        assertThat(tooHigh.getMessage())
                .contains(
                        "spec.port: Invalid value: 70000: spec.port in body should be less than or"
                                + " equal to 65535");
        assertThat(fields(zero)).containsExactly("spec.port");
        assertThat(zero.getMessage())
                .contains("spec.port in body should be greater than or equal to 1");
    }

    @Test
    void rejectsMalformedImageSubjectKeyPathsAndDurationsNamingEachField() {
        Status status =
                rejection(
                        () ->
                                create(
                                        INSTANCES,
                                        """
                                        apiVersion: mcp.reflow.io/v1alpha1
                                        kind: MCPInstance
                                        metadata:
                                          name: github-0123456789
                                        spec:
                                          image: "ghcr.io/example/mcp server:1.0"
                                          targetName: github
                                          subjectKey: "user:alice@example.com"
                                          mcpPath: mcp
                                          healthPath: health
                                          idleTTL: 30 minutes
                                          maxLifetime: 1y
                                        """));

        assertThat(fields(status))
                .containsExactlyInAnyOrder(
                        "spec.image",
                        "spec.subjectKey",
                        "spec.mcpPath",
                        "spec.healthPath",
                        "spec.idleTTL",
                        "spec.maxLifetime");
        assertThat(status.getMessage())
                .contains(
                        "spec.subjectKey: Invalid value: \"user:alice@example.com\": spec.subjectKey"
                                + " in body should match '"
                                + McpResources.SUBJECT_KEY_PATTERN
                                + "'")
                .contains(
                        "spec.idleTTL: Invalid value: \"30 minutes\": spec.idleTTL in body should"
                                + " match '"
                                + Durations.PATTERN
                                + "'");
    }

    @Test
    void rejectsInstanceWithoutImageTargetNameOrSubjectKeyNamingEach() {
        Status status =
                rejection(
                        () ->
                                create(
                                        INSTANCES,
                                        """
                                        apiVersion: mcp.reflow.io/v1alpha1
                                        kind: MCPInstance
                                        metadata:
                                          name: github-0123456789
                                        spec:
                                          port: 8080
                                        """));

        assertThat(fields(status))
                .containsExactlyInAnyOrder("spec.image", "spec.targetName", "spec.subjectKey");
        assertThat(status.getMessage()).contains("spec.image: Required value");
    }

    @Test
    void rejectsUnknownEnumValuesNamingTheField() {
        Status target =
                rejection(
                        () ->
                                create(
                                        TARGETS,
                                        """
                                        apiVersion: mcp.reflow.io/v1alpha1
                                        kind: MCPTarget
                                        metadata:
                                          name: github
                                        spec:
                                          transportType: grpc
                                          url: https://mcp.example.com/mcp
                                          isolationBoundary: per_team
                                          statefulness: sometimes
                                          authType: basic
                                        """));
        GenericKubernetesResource instance = createInstance("phase", "");
        instance.setAdditionalProperty("status", Map.of("phase", "Running"));
        Status phase =
                rejection(
                        () ->
                                client.genericKubernetesResources(INSTANCES)
                                        .inNamespace(namespace)
                                        .resource(instance)
                                        .updateStatus());

        assertThat(fields(target))
                .contains(
                        "spec.transportType",
                        "spec.isolationBoundary",
                        "spec.statefulness",
                        "spec.authType");
        assertThat(target.getMessage())
                .contains(
                        "spec.transportType: Unsupported value: \"grpc\": supported values:"
                                + " \"kubernetes\", \"sse\", \"stdio\", \"streamable-http\"");
        assertThat(fields(phase)).containsExactly("status.phase");
        assertThat(phase.getMessage()).contains("status.phase: Unsupported value: \"Running\"");
    }

    @Test
    void rejectsTargetLackingWhatItsTransportOrAuthTypeNeeds() {
        Status kubernetes = rejection(() -> createTarget("no-image", "transportType: kubernetes"));
        Status http = rejection(() -> createTarget("no-url", "transportType: streamable-http"));
        Status header =
                rejection(
                        () ->
                                createTarget(
                                        "no-header",
                                        "transportType: streamable-http\n"
                                                + "  url: https://mcp.example.com/mcp\n"
                                                + "  authType: header"));

        assertThat(fields(kubernetes)).containsExactly("spec.image");
        assertThat(kubernetes.getMessage())
                .contains(
                        "spec.image: Required value: image is required for transportType kubernetes");
        assertThat(fields(http)).containsExactly("spec.url");
        assertThat(http.getMessage())
                .contains("spec.url: Required value: url is required for transportType");
        assertThat(fields(header)).containsExactly("spec.authHeaderName");
        assertThat(header.getMessage()).contains("authHeaderName is required for authType header");
        assertThat(createTarget("complete", "transportType: kubernetes\n  image: img:1"))
                .isNotNull();
    }

    @Test
    void rejectsInstanceNamedAfterAnotherTarget() {
        Status status =
                rejection(
                        () ->
                                create(
                                        INSTANCES,
                                        """
                                        apiVersion: mcp.reflow.io/v1alpha1
                                        kind: MCPInstance
                                        metadata:
                                          name: gitlab-0123456789
                                        spec:
                                          image: ghcr.io/example/mcp-server:1.0
                                          targetName: github
                                          subjectKey: user:0123abcd
                                        """));

        assertThat(fields(status)).containsExactly("spec.targetName");
        assertThat(status.getMessage())
                .contains("metadata.name must start with spec.targetName followed by '-'");
    }

    @Test
    void refusesToChangeTheSubjectKeyOfAnInstance() {
        MCPInstance created = createTyped("user:0a0a0a", "github-0a0a0a-env");

        Status status = rejection(() -> edit(created, spec -> spec.setSubjectKey("user:0b0b0b")));

        assertThat(fields(status)).containsExactly("spec.subjectKey");
        assertThat(status.getMessage())
                .contains("spec.subjectKey: Forbidden: subjectKey is immutable");
    }

    @Test
    void refusesToChangeTheTargetNameOfAnInstance() {
        MCPInstance created = createTyped("user:1a1a1a", null);

        Status status = rejection(() -> edit(created, spec -> spec.setTargetName("github2")));

        assertThat(fields(status)).contains("spec.targetName");
        assertThat(status.getMessage())
                .contains("spec.targetName: Forbidden: targetName is immutable");
    }

    @Test
    void refusesToChangeOrRemoveTheSecretNameOnceSetButAllowsSettingItLater() {
        MCPInstance withSecret = createTyped("user:2a2a2a", "github-2a2a2a-env");
        MCPInstance withoutSecret = createTyped("user:2b2b2b", null);

        Status changed =
                rejection(() -> edit(withSecret, spec -> spec.setSecretName("someone-else-env")));
        Status removed = rejection(() -> edit(withSecret, spec -> spec.setSecretName(null)));
        MCPInstance setLater = edit(withoutSecret, spec -> spec.setSecretName("github-2b2b2b-env"));

        assertThat(fields(changed)).containsExactly("spec.secretName");
        assertThat(changed.getMessage())
                .contains("spec.secretName: Forbidden: secretName is immutable once set");
        assertThat(fields(removed)).containsExactly("spec.secretName");
        assertThat(setLater.getSpec().getSecretName()).isEqualTo("github-2b2b2b-env");
    }

    @Test
    void acceptsChangesOfWhatATargetUpdateRollsOut() {
        MCPInstance created = createTyped("user:3a3a3a", "github-3a3a3a-env");

        MCPInstance updated =
                edit(
                        created,
                        spec -> {
                            spec.setImage("ghcr.io/example/mcp-server:2.0");
                            spec.setPort(9090);
                            spec.setMcpPath("/v2/mcp");
                        });

        assertThat(updated.getSpec().getImage()).isEqualTo("ghcr.io/example/mcp-server:2.0");
        assertThat(updated.getSpec().getPort()).isEqualTo(9090);
        assertThat(updated.getMetadata().getGeneration()).isEqualTo(2L);
    }

    @Test
    void fillsInPortAndMcpPathWhenAnInstanceOrTargetIsCreatedWithoutThem() {
        GenericKubernetesResource instance = createInstance("defaults", "");
        GenericKubernetesResource target =
                createTarget("defaults", "transportType: kubernetes\n  image: img:1");

        assertThat(spec(instance)).containsEntry("port", 8080).containsEntry("mcpPath", "/mcp");
        assertThat(spec(target)).containsEntry("mcpPath", "/mcp").doesNotContainKey("port");
        MCPInstance typed =
                client.resources(MCPInstance.class)
                        .inNamespace(namespace)
                        .withName(instance.getMetadata().getName())
                        .get();
        assertThat(typed.getSpec().getPort()).isEqualTo(McpResources.DEFAULT_PORT);
    }

    /**
     * Creates {@code github-<hash of user:name>} with only the required fields plus {@code extra}.
     */
    private static GenericKubernetesResource createInstance(String user, String extra) {
        String subject = "user:" + user;
        return create(
                INSTANCES,
                """
                apiVersion: mcp.reflow.io/v1alpha1
                kind: MCPInstance
                metadata:
                  name: %s
                spec:
                  image: ghcr.io/example/mcp-server:1.0
                  targetName: github
                  subjectKey: "%s"
                  %s
                """
                        .formatted(McpResources.instanceName("github", subject), subject, extra));
    }

    private static GenericKubernetesResource createTarget(String name, String spec) {
        return create(
                TARGETS,
                """
                apiVersion: mcp.reflow.io/v1alpha1
                kind: MCPTarget
                metadata:
                  name: %s
                spec:
                  %s
                """
                        .formatted(name, spec));
    }

    private static GenericKubernetesResource create(ResourceDefinitionContext kind, String text) {
        return client.genericKubernetesResources(kind)
                .inNamespace(namespace)
                .resource(yaml(text))
                .create();
    }

    /** Creates an instance the way the gateway does: with the typed client. */
    private static MCPInstance createTyped(String subjectKey, String secretName) {
        MCPInstance instance =
                new MCPInstanceBuilder()
                        .withNewMetadata()
                        .withName(McpResources.instanceName("github", subjectKey))
                        .endMetadata()
                        .withNewSpec()
                        .withImage("ghcr.io/example/mcp-server:1.0")
                        .withTargetName("github")
                        .withSubjectKey(subjectKey)
                        .withSecretName(secretName)
                        .endSpec()
                        .build();
        return client.resources(MCPInstance.class)
                .inNamespace(namespace)
                .resource(instance)
                .create();
    }

    private static MCPInstance edit(MCPInstance instance, Consumer<MCPInstanceSpec> change) {
        return client.resources(MCPInstance.class)
                .inNamespace(namespace)
                .withName(instance.getMetadata().getName())
                .edit(
                        current -> {
                            change.accept(current.getSpec());
                            return current;
                        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }

    /** What the API server answered a request it refused as invalid (422). */
    private static Status rejection(ThrowingCallable request) {
        KubernetesClientException refused =
                catchThrowableOfType(KubernetesClientException.class, request);
        assertThat(refused).as("the API server accepted the request").isNotNull();
        assertThat(refused.getCode()).as(refused.getMessage()).isEqualTo(422);
        return refused.getStatus();
    }

    /**
     * The fields the API server named as at fault, without its field-less note that CEL rules were
     * skipped because the schema already failed.
     */
    private static List<String> fields(Status status) {
        return status.getDetails().getCauses().stream()
                .map(StatusCause::getField)
                .filter(field -> field != null && !field.equals("<nil>"))
                .toList();
    }
}
