package io.reflow.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.reflow.mcp.api.MCPInstanceBuilder;
import io.reflow.mcp.api.McpResources;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceServiceTest {

    @Test
    void isAClusterIpServiceOnThePortSelectingExactlyTheInstancePod() {
        Service service = InstanceService.desired(InstancePodTest.BASE);

        assertThat(service.getMetadata().getName()).isEqualTo("github-0123456789");
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getSelector())
                .isEqualTo(Map.of(McpResources.LABEL_INSTANCE, "github-0123456789"));
        assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(8080);
        assertThat(service.getSpec().getPorts().get(0).getTargetPort().getStrVal())
                .isEqualTo("mcp");
        assertThat(service.getMetadata().getOwnerReferences().get(0).getController()).isTrue();
    }

    @Test
    void endpointUsesTheClusterIpWhenAssigned() {
        Service service = withClusterIp("10.96.3.4");

        assertThat(InstanceService.endpoint(service, 8080)).isEqualTo("http://10.96.3.4:8080");
    }

    @Test
    void endpointUsesTheServiceDnsNameWithoutClusterIp() {
        assertThat(InstanceService.endpoint(withClusterIp(null), 8080))
                .isEqualTo("http://github-0123456789.reflow.svc:8080");
        assertThat(InstanceService.endpoint(withClusterIp(""), 8080))
                .isEqualTo("http://github-0123456789.reflow.svc:8080");
        assertThat(InstanceService.endpoint(withClusterIp("None"), 8080))
                .isEqualTo("http://github-0123456789.reflow.svc:8080");
    }

    @Test
    void endpointBracketsAnIpv6ClusterIp() {
        assertThat(InstanceService.endpoint(withClusterIp("fd00::12"), 8080))
                .isEqualTo("http://[fd00::12]:8080");
    }

    @Test
    void differsOnlyInWhatTheOperatorDecides() {
        Service desired = InstanceService.desired(InstancePodTest.BASE);

        assertThat(InstanceService.differs(withClusterIp("10.0.0.1"), desired)).isFalse();
        Service otherPort =
                InstanceService.desired(
                        new MCPInstanceBuilder(InstancePodTest.BASE)
                                .editSpec()
                                .withPort(9000)
                                .endSpec()
                                .build());
        assertThat(InstanceService.differs(otherPort, desired)).isTrue();
    }

    @Test
    void labelsOthersAddedAreNotADifference() {
        Service desired = InstanceService.desired(InstancePodTest.BASE);
        Service labelled =
                new ServiceBuilder(desired)
                        .editMetadata()
                        .addToLabels("team", "a")
                        .endMetadata()
                        .build();

        assertThat(InstanceService.differs(labelled, desired)).isFalse();
    }

    private static Service withClusterIp(String ip) {
        return new ServiceBuilder(InstanceService.desired(InstancePodTest.BASE))
                .editSpec()
                .withClusterIP(ip)
                .endSpec()
                .build();
    }
}
