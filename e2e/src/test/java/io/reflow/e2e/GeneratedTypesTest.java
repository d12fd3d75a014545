package io.reflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.reflow.e2e.crd.MCPInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The types generated from the committed CRD YAML read the committed sample as a user would write
 * it, and the e2e code cannot see the api module's classes.
 */
class GeneratedTypesTest {

    @Test
    void generatedTypesReadTheCommittedSampleInstance() throws IOException {
        Path sample =
                Repository.crdDirectory()
                        .getParent()
                        .getParent()
                        .resolve("samples/mcpinstance.yaml");
        String firstDocument = Files.readString(sample).split("(?m)^---$")[0];

        MCPInstance instance = Serialization.unmarshal(firstDocument, MCPInstance.class);

        assertThat(instance.getSpec().getTargetName()).isEqualTo("everything");
        assertThat(instance.getSpec().getSubjectKey()).startsWith("user:");
        assertThat(instance.getSpec().getPort()).isEqualTo(3001L);
        assertThat(instance.getSpec().getResources().getLimits()).containsKey("memory");
        assertThat(instance.getSpec().getIdleTTL()).isEqualTo("30m");
    }

    @Test
    void apiModuleTypesAreNotOnTheCompileClasspathOfTheSuite() {
        // reflow-api is excluded at compile and test scope; surefire adds it for the in-process
        // product only. The e2e sources therefore cannot import io.reflow.mcp.api: checked here
        // by the package of the type the suite actually reads.
        assertThat(MCPInstance.class.getPackageName()).isEqualTo("io.reflow.e2e.crd");
        assertThat(MCPInstance.class.getSuperclass().getName())
                .isEqualTo("io.fabric8.kubernetes.client.CustomResource");
    }
}
