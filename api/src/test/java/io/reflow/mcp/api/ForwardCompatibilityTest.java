package io.reflow.mcp.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

class ForwardCompatibilityTest {

    @Test
    void readsAnInstanceWithFieldsThisVersionDoesNotKnow() {
        String json =
                """
                {"apiVersion":"mcp.reflow.io/v1alpha1","kind":"MCPInstance",
                 "metadata":{"name":"github-0123456789","namespace":"reflow"},
                 "spec":{"image":"img:1","targetName":"github","subjectKey":"user:ab",
                         "futureField":{"x":1}},
                 "status":{"phase":"Ready","endpoint":"http://10.0.0.1:8080","futureStatus":true},
                 "futureTopLevel":"y"}
                """;

        MCPInstance instance = Serialization.unmarshal(json, MCPInstance.class);

        assertThat(instance.getSpec().getImage()).isEqualTo("img:1");
        assertThat(instance.getSpec().getPort()).isEqualTo(8080);
        assertThat(instance.getStatus().getPhase()).isEqualTo(InstancePhase.Ready);
    }

    @Test
    void buildersMakeVariantsOfABaseInstance() {
        MCPInstance base =
                new MCPInstanceBuilder()
                        .withNewMetadata()
                        .withName("t-0123456789")
                        .endMetadata()
                        .withNewSpec()
                        .withImage("img:1")
                        .withTargetName("t")
                        .withSubjectKey("user:ab")
                        .endSpec()
                        .build();

        MCPInstance variant =
                new MCPInstanceBuilder(base).editSpec().withImage("img:2").endSpec().build();

        assertThat(variant.getSpec().getImage()).isEqualTo("img:2");
        assertThat(base.getSpec().getImage()).isEqualTo("img:1");
        assertThat(variant.getSpec().getTargetName()).isEqualTo("t");
    }
}
