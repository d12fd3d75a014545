package io.reflow.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ingress, ServiceMonitors and scheduling are off or soft by default and correct when enabled. */
class OptionalPartsTest {

    @Test
    void installsNoIngressOrServiceMonitorByDefault() {
        Manifests rendered = HelmChart.defaults().render();

        assertThat(rendered.all(Ingress.class)).isEmpty();
        assertThat(rendered.ofKind("ServiceMonitor")).isEmpty();
    }

    @Test
    void routesTheIngressToTheGatewayService() {
        Manifests rendered =
                HelmChart.defaults()
                        .set("gateway.ingress.enabled", true)
                        .set("gateway.ingress.className", "nginx")
                        .set("gateway.ingress.hosts[0].host", "mcp.example.com")
                        .set("gateway.ingress.hosts[0].paths[0].path", "/")
                        .render();
        Ingress ingress = rendered.get(Ingress.class, "reflow-gateway");
        Service service = rendered.get(Service.class, "reflow-gateway");

        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        IngressRule rule = ingress.getSpec().getRules().get(0);
        assertThat(rule.getHost()).isEqualTo("mcp.example.com");
        var backend = rule.getHttp().getPaths().get(0).getBackend().getService();
        assertThat(backend.getName()).isEqualTo(service.getMetadata().getName());
        assertThat(backend.getPort().getNumber())
                .isEqualTo(service.getSpec().getPorts().get(0).getPort());
    }

    @Test
    void scrapesMetricsOfGatewayAndOperatorThroughServices() {
        Manifests rendered = HelmChart.defaults().set("serviceMonitor.enabled", true).render();
        List<HasMetadata> monitors = rendered.ofKind("ServiceMonitor");

        assertThat(monitors).hasSize(2);
        for (HasMetadata monitor : monitors) {
            Map<String, Object> spec = ((GenericKubernetesResource) monitor).get("spec");
            @SuppressWarnings("unchecked")
            Map<String, Object> endpoint =
                    ((List<Map<String, Object>>) spec.get("endpoints")).get(0);
            @SuppressWarnings("unchecked")
            Map<String, String> selector =
                    (Map<String, String>)
                            ((Map<String, Object>) spec.get("selector")).get("matchLabels");
            assertThat(endpoint)
                    .containsEntry("path", "/observe/metrics")
                    .containsEntry("port", "http");
            assertThat(rendered.all(Service.class))
                    .as(monitor.getMetadata().getName())
                    .anySatisfy(
                            s -> {
                                assertThat(s.getMetadata().getLabels())
                                        .containsAllEntriesOf(selector);
                                assertThat(s.getSpec().getPorts())
                                        .anySatisfy(p -> assertThat(p.getName()).isEqualTo("http"));
                            });
        }
    }

    @Test
    void spreadsGatewayReplicasOverNodesUnlessTold() {
        Deployment spread = HelmChart.defaults().render().get(Deployment.class, "reflow-gateway");
        Deployment pinned =
                HelmChart.defaults()
                        .set(
                                "gateway.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key",
                                "pool")
                        .set(
                                "gateway.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator",
                                "Exists")
                        .render()
                        .get(Deployment.class, "reflow-gateway");

        var antiAffinity =
                spread.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity();
        assertThat(antiAffinity.getPreferredDuringSchedulingIgnoredDuringExecution())
                .singleElement()
                .satisfies(
                        t ->
                                assertThat(t.getPodAffinityTerm().getTopologyKey())
                                        .isEqualTo("kubernetes.io/hostname"));
        assertThat(pinned.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity())
                .isNull();
        assertThat(pinned.getSpec().getTemplate().getSpec().getAffinity().getNodeAffinity())
                .isNotNull();
    }
}
