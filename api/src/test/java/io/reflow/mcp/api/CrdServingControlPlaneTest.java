package io.reflow.mcp.api;

import static io.reflow.mcp.api.CommittedCrds.INSTANCES;
import static io.reflow.mcp.api.CommittedCrds.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.reflow.testing.controlplane.ControlPlane;
import io.reflow.testing.controlplane.RequiresControlPlane;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a user sees of the committed CRDs on a real API server with the real kubectl: the printer
 * columns, kubectl's error for an invalid manifest, and objects stored under an older CRD.
 */
@RequiresControlPlane
class CrdServingControlPlaneTest {

    private static KubernetesClient client;
    private static String namespace;
    private static Kubectl kubectl;

    @BeforeAll
    static void installCommittedCrds() {
        ControlPlane cluster = ControlPlane.shared();
        client = cluster.admin();
        namespace = cluster.createNamespace("crd-serving", Map.of());
        kubectl = new Kubectl(cluster.binary("kubectl"), cluster.adminKubeconfig(namespace));
        CommittedCrds.applyCommitted(kubectl, client, namespace);
    }

    @Test
    void kubectlGetMcpiShowsTargetSubjectPhaseReasonEndpointAndAge() {
        String subject = "user:5e884898da28047151d0e56f8dc62927";
        MCPInstance instance = createTyped("everything", subject);
        instance.setStatus(
                new MCPInstanceStatusBuilder()
                        .withPhase(InstancePhase.Failed)
                        .withEndpoint("http://10.96.0.17:3001")
                        .withConditions(
                                new ConditionBuilder()
                                        .withType("Ready")
                                        .withStatus("False")
                                        .withReason(ReadyReasons.ADMISSION_REFUSED)
                                        .withMessage("violates PodSecurity")
                                        .withLastTransitionTime("2026-12-01T00:00:00Z")
                                        .build())
                        .build());
        client.resources(MCPInstance.class)
                .inNamespace(namespace)
                .resource(instance)
                .updateStatus();

        List<Map<String, String>> rows = table(kubectl.succeed("get", "mcpi"));

        assertThat(rows.get(0).keySet())
                .containsExactly("NAME", "AGE", "SUBJECT", "TARGET", "REASON", "ENDPOINT", "PHASE");
        assertThat(rows)
                .filteredOn(row -> row.get("NAME").equals(instance.getMetadata().getName()))
                .singleElement()
                .satisfies(
                        row ->
                                assertThat(row)
                                        .containsEntry("TARGET", "everything")
                                        .containsEntry("SUBJECT", subject)
                                        .containsEntry("PHASE", "Failed")
                                        .containsEntry("REASON", "AdmissionRefused")
                                        .containsEntry("ENDPOINT", "http://10.96.0.17:3001")
                                        .hasEntrySatisfying(
                                                "AGE", age -> assertThat(age).matches("[0-9]+s")));
    }

    @Test
    void kubectlGetMcptShowsTransportUrlImageAndIsolation() {
        create(
                CommittedCrds.TARGETS,
                """
                apiVersion: mcp.reflow.io/v1alpha1
                kind: MCPTarget
                metadata:
                  name: everything
                spec:
                  transportType: kubernetes
                  image: docker.io/mcp/everything:latest
                  isolationBoundary: per_user
                """);

        List<Map<String, String>> rows = table(kubectl.succeed("get", "mcpt", "everything"));

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).keySet())
                .containsExactly("NAME", "AGE", "IMAGE", "ISOLATION", "TRANSPORT", "URL");
        assertThat(rows.get(0))
                .containsEntry("NAME", "everything")
                .containsEntry("TRANSPORT", "kubernetes")
                .containsEntry("IMAGE", "docker.io/mcp/everything:latest")
                .containsEntry("ISOLATION", "per_user")
                .containsEntry("URL", "");
    }

    @Test
    void kubectlApplyOfAnInvalidInstancePrintsTheFieldAndWhatItMustBe() {
        String manifest =
                """
                apiVersion: mcp.reflow.io/v1alpha1
                kind: MCPInstance
                metadata:
                  name: github-0123456789
                spec:
                  image: ghcr.io/example/mcp-server:1.0
                  port: 70000
                  targetName: github
                  subjectKey: user:0123456789abcdef
                """;

        Kubectl.Result result = kubectl.run(manifest, "apply", "-f", "-");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().strip())
                .isEqualTo(
                        "The MCPInstance \"github-0123456789\" is invalid: spec.port: Invalid"
                                + " value: 70000: spec.port in body should be less than or equal"
                                + " to 65535");
    }

    @Test
    void instanceStoredUnderTheInitialCrdIsReadAndWrittenByTheCurrentTypes() {
        GenericKubernetesResource stored;
        CommittedCrds.applyInitialInstanceCrd(kubectl, client, namespace);
        try {
            stored = storeAsTheInitialVersionDid();
        } finally {
            CommittedCrds.applyCommitted(kubectl, client, namespace);
        }
        String name = stored.getMetadata().getName();

        MCPInstance read =
                client.resources(MCPInstance.class).inNamespace(namespace).withName(name).get();

        assertThat(read.getSpec().getTargetName()).isEqualTo("legacy");
        assertThat(read.getSpec().getPort()).isEqualTo(3001);
        assertThat(read.getSpec().getIdleTTL()).isEqualTo("30m");
        assertThat(read.getStatus().getPhase()).isEqualTo(InstancePhase.Ready);
        assertThat(read.getStatus().getEndpoint()).isEqualTo("http://10.96.0.9:3001");
        assertThat(read.getStatus().getConditions()).extracting("type").containsExactly("Ready");
        assertThat(read.getStatus().getSecretHash()).isNull();

        // The gateway records activity, the operator writes the field the initial CRD lacked.
        client.resources(MCPInstance.class)
                .inNamespace(namespace)
                .withName(name)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"annotations\":{\""
                                + McpResources.ANNOTATION_LAST_ACTIVITY
                                + "\":\"2026-12-01T10:00:00Z\"}}}");
        MCPInstance current =
                client.resources(MCPInstance.class).inNamespace(namespace).withName(name).get();
        current.getStatus().setSecretHash("abc123");
        client.resources(MCPInstance.class).inNamespace(namespace).resource(current).updateStatus();

        MCPInstance after =
                client.resources(MCPInstance.class).inNamespace(namespace).withName(name).get();
        assertThat(after.getMetadata().getAnnotations())
                .containsEntry(McpResources.ANNOTATION_LAST_ACTIVITY, "2026-12-01T10:00:00Z");
        assertThat(after.getStatus().getSecretHash()).isEqualTo("abc123");
    }

    @Test
    void instanceNamedBeforeTheNameRuleStillTakesActivityPatchesAndStatusWrites() {
        String name = "hand-written";
        CommittedCrds.applyInitialInstanceCrd(kubectl, client, namespace);
        try {
            create(
                    INSTANCES,
                    """
                    apiVersion: mcp.reflow.io/v1alpha1
                    kind: MCPInstance
                    metadata:
                      name: %s
                    spec:
                      image: docker.io/mcp/everything:latest
                      targetName: everything
                      subjectKey: shared:everything
                    """
                            .formatted(name));
        } finally {
            CommittedCrds.applyCommitted(kubectl, client, namespace);
        }

        client.resources(MCPInstance.class)
                .inNamespace(namespace)
                .withName(name)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"annotations\":{\""
                                + McpResources.ANNOTATION_LAST_ACTIVITY
                                + "\":\"2026-12-01T10:00:00Z\"}}}");
        MCPInstance current =
                client.resources(MCPInstance.class).inNamespace(namespace).withName(name).get();
        current.setStatus(new MCPInstanceStatusBuilder().withPhase(InstancePhase.Pending).build());
        MCPInstance written =
                client.resources(MCPInstance.class)
                        .inNamespace(namespace)
                        .resource(current)
                        .updateStatus();

        assertThat(written.getStatus().getPhase()).isEqualTo(InstancePhase.Pending);
        assertThat(written.getMetadata().getAnnotations())
                .containsKey(McpResources.ANNOTATION_LAST_ACTIVITY);
    }

    /**
     * An instance as the initial gateway and operator wrote it: the spec, then a status with a
     * field the initial CRD did not have, which that API server dropped.
     */
    private static GenericKubernetesResource storeAsTheInitialVersionDid() {
        String subject = "user:9f86d081884c7d659a2feaa0c55ad015";
        GenericKubernetesResource created =
                create(
                        INSTANCES,
                        """
                        apiVersion: mcp.reflow.io/v1alpha1
                        kind: MCPInstance
                        metadata:
                          name: %s
                        spec:
                          image: docker.io/mcp/everything:latest
                          port: 3001
                          targetName: legacy
                          subjectKey: "%s"
                          secretName: %s-env
                          idleTTL: 30m
                        """
                                .formatted(
                                        McpResources.instanceName("legacy", subject),
                                        subject,
                                        McpResources.instanceName("legacy", subject)));
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("phase", "Ready");
        status.put("endpoint", "http://10.96.0.9:3001");
        status.put("secretHash", "written-by-a-newer-operator");
        status.put(
                "conditions",
                List.of(
                        new ConditionBuilder()
                                .withType("Ready")
                                .withStatus("True")
                                .withReason("PodReady")
                                .withLastTransitionTime("2026-11-20T09:00:00Z")
                                .build()));
        created.setAdditionalProperty("status", status);
        GenericKubernetesResource written =
                client.genericKubernetesResources(INSTANCES)
                        .inNamespace(namespace)
                        .resource(created)
                        .updateStatus();
        @SuppressWarnings("unchecked")
        Map<String, Object> storedStatus =
                (Map<String, Object>) written.getAdditionalProperties().get("status");
        assertThat(storedStatus)
                .as("the initial CRD has no status.secretHash")
                .doesNotContainKey("secretHash");
        return written;
    }

    private static MCPInstance createTyped(String target, String subjectKey) {
        MCPInstance instance =
                new MCPInstanceBuilder()
                        .withNewMetadata()
                        .withName(McpResources.instanceName(target, subjectKey))
                        .endMetadata()
                        .withNewSpec()
                        .withImage("docker.io/mcp/everything:latest")
                        .withPort(3001)
                        .withTargetName(target)
                        .withSubjectKey(subjectKey)
                        .endSpec()
                        .build();
        return client.resources(MCPInstance.class)
                .inNamespace(namespace)
                .resource(instance)
                .create();
    }

    private static GenericKubernetesResource create(ResourceDefinitionContext kind, String text) {
        return client.genericKubernetesResources(kind)
                .inNamespace(namespace)
                .resource(yaml(text))
                .create();
    }

    /**
     * kubectl's table output as one map per row, keyed by column header. Cells are cut at the
     * headers' offsets: an empty cell is blank, not a word.
     */
    private static List<Map<String, String>> table(String output) {
        List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
        String header = lines.get(0);
        Matcher words = Pattern.compile("\\S+").matcher(header);
        List<Integer> starts = new ArrayList<>();
        List<String> headers = new ArrayList<>();
        while (words.find()) {
            starts.add(words.start());
            headers.add(words.group());
        }
        return lines.subList(1, lines.size()).stream()
                .map(
                        line -> {
                            Map<String, String> row = new LinkedHashMap<>();
                            for (int i = 0; i < headers.size(); i++) {
                                int end = i + 1 < starts.size() ? starts.get(i + 1) : line.length();
                                String cell =
                                        line.substring(
                                                Math.min(starts.get(i), line.length()),
                                                Math.min(end, line.length()));
                                row.put(headers.get(i), cell.strip());
                            }
                            return row;
                        })
                .toList();
    }
}
