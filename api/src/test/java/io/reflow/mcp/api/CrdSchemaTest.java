package io.reflow.mcp.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CrdSchemaTest {

    private static CustomResourceDefinition load(String plural) throws IOException {
        Path file =
                Path.of(System.getProperty("crd.generated.dir"))
                        .resolve(plural + ".mcp.reflow.io-v1.yml");
        return Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
    }

    private static CustomResourceDefinitionVersion v1alpha1(CustomResourceDefinition crd) {
        return crd.getSpec().getVersions().get(0);
    }

    private static JSONSchemaProps spec(CustomResourceDefinition crd) {
        return v1alpha1(crd).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    }

    @Test
    void mcpInstanceIsNamespacedWithShortNameAndStatusSubresource() throws IOException {
        CustomResourceDefinition crd = load("mcpinstances");

        assertThat(crd.getSpec().getGroup()).isEqualTo("mcp.reflow.io");
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("mcpi");
        assertThat(v1alpha1(crd).getName()).isEqualTo("v1alpha1");
        assertThat(v1alpha1(crd).getSubresources().getStatus()).isNotNull();
    }

    @Test
    void mcpInstancePrintsTargetSubjectPhaseReasonEndpointAndAge() throws IOException {
        assertThat(v1alpha1(load("mcpinstances")).getAdditionalPrinterColumns())
                .extracting(CustomResourceColumnDefinition::getName)
                .containsExactlyInAnyOrder(
                        "Target", "Subject", "Phase", "Reason", "Endpoint", "Age");
        assertThat(v1alpha1(load("mcpinstances")).getAdditionalPrinterColumns())
                .filteredOn(column -> column.getName().equals("Reason"))
                .singleElement()
                .extracting(CustomResourceColumnDefinition::getJsonPath)
                .isEqualTo(".status.conditions[?(@.type==\"Ready\")].reason");
    }

    @Test
    void mcpInstanceRequiresImageAndBoundsPortWithDefault() throws IOException {
        JSONSchemaProps spec = spec(load("mcpinstances"));
        JSONSchemaProps port = spec.getProperties().get("port");

        assertThat(spec.getRequired()).contains("image", "targetName", "subjectKey");
        assertThat(port.getMinimum()).isEqualTo(1.0);
        assertThat(port.getMaximum()).isEqualTo(65535.0);
        assertThat(port.getDefault().asInt()).isEqualTo(8080);
        assertThat(spec.getProperties().get("mcpPath").getDefault().asText()).isEqualTo("/mcp");
    }

    @Test
    void mcpInstanceDurationsAndNamesArePatterned() throws IOException {
        JSONSchemaProps spec = spec(load("mcpinstances"));

        assertThat(spec.getProperties().get("idleTTL").getPattern()).isEqualTo(Durations.PATTERN);
        assertThat(spec.getProperties().get("maxLifetime").getPattern())
                .isEqualTo(Durations.PATTERN);
        Pattern target = Pattern.compile(spec.getProperties().get("targetName").getPattern());
        assertThat(target.matcher("github").matches()).isTrue();
        assertThat(target.matcher("GitHub_1").matches()).isFalse();
        Pattern subject = Pattern.compile(spec.getProperties().get("subjectKey").getPattern());
        assertThat(subject.matcher("user:0a1b2c").matches()).isTrue();
        assertThat(subject.matcher("user:alice@example.com").matches()).isFalse();
    }

    @Test
    void mcpInstancePhaseIsAnEnumOfTheFivePhases() throws IOException {
        JSONSchemaProps status =
                v1alpha1(load("mcpinstances"))
                        .getSchema()
                        .getOpenAPIV3Schema()
                        .getProperties()
                        .get("status");

        assertThat(status.getProperties().get("phase").getEnum())
                .extracting(node -> node.asText())
                .containsExactlyInAnyOrder("Pending", "Starting", "Ready", "Failed", "Terminating");
    }

    @Test
    void mcpTargetHasShortNameColumnsAndWireEnums() throws IOException {
        CustomResourceDefinition crd = load("mcptargets");
        JSONSchemaProps spec = spec(crd);

        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("mcpt");
        assertThat(v1alpha1(crd).getAdditionalPrinterColumns())
                .extracting(CustomResourceColumnDefinition::getName)
                .contains("Transport", "Image", "URL", "Isolation", "Age");
        assertThat(spec.getProperties().get("transportType").getEnum())
                .extracting(node -> node.asText())
                .containsExactlyInAnyOrder("streamable-http", "kubernetes", "stdio", "sse");
        assertThat(spec.getProperties().get("isolationBoundary").getEnum())
                .extracting(node -> node.asText())
                .containsExactlyInAnyOrder("shared", "per_role", "per_group", "per_user");
    }
}
