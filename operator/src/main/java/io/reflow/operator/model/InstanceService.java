package io.reflow.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.reflow.mcp.api.MCPInstance;
import io.reflow.mcp.api.McpResources;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The ClusterIP Service of an instance: its port, selecting exactly that instance's Pod. */
public final class InstanceService {

    private InstanceService() {}

    /** The desired Service. */
    public static Service desired(MCPInstance instance) {
        String name = instance.getMetadata().getName();
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(McpResources.serviceName(name))
                .withNamespace(instance.getMetadata().getNamespace())
                .withLabels(InstanceLabels.of(instance))
                .withOwnerReferences(Owners.controller(instance))
                .endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(McpResources.podSelector(name))
                .addNewPort()
                .withName(InstancePod.PORT_NAME)
                .withPort(instance.getSpec().getPort())
                .withTargetPort(new IntOrString(InstancePod.PORT_NAME))
                .withProtocol("TCP")
                .endPort()
                .endSpec()
                .build();
    }

    /**
     * Whether {@code current} differs from {@code desired} in what the operator decides: type,
     * selector, ports and its own labels. Fields the API server fills in (clusterIP) and labels
     * others added are ignored.
     */
    public static boolean differs(Service current, Service desired) {
        ServiceSpec have = current.getSpec();
        ServiceSpec want = desired.getSpec();
        return have == null
                || !Objects.equals(want.getSelector(), have.getSelector())
                || !Objects.equals(
                        want.getType(), Objects.requireNonNullElse(have.getType(), "ClusterIP"))
                || !samePorts(want.getPorts(), have.getPorts())
                || !hasLabels(current, desired.getMetadata().getLabels());
    }

    private static boolean hasLabels(Service service, Map<String, String> labels) {
        Map<String, String> have = service.getMetadata().getLabels();
        return have != null && have.entrySet().containsAll(labels.entrySet());
    }

    /**
     * The base URL of the MCP server behind {@code service}: by ClusterIP when one is assigned,
     * else by the Service's cluster DNS name.
     */
    public static String endpoint(Service service, int port) {
        String clusterIp = service.getSpec() == null ? null : service.getSpec().getClusterIP();
        if (clusterIp != null && !clusterIp.isEmpty() && !"None".equals(clusterIp)) {
            String host = clusterIp.contains(":") ? "[" + clusterIp + "]" : clusterIp;
            return "http://" + host + ":" + port;
        }
        return "http://"
                + service.getMetadata().getName()
                + "."
                + service.getMetadata().getNamespace()
                + ".svc:"
                + port;
    }

    private static boolean samePorts(List<ServicePort> want, List<ServicePort> have) {
        if (have == null || want.size() != have.size()) {
            return false;
        }
        for (int i = 0; i < want.size(); i++) {
            ServicePort a = want.get(i);
            ServicePort b = have.get(i);
            if (!Objects.equals(a.getName(), b.getName())
                    || !Objects.equals(a.getPort(), b.getPort())
                    || !Objects.equals(a.getTargetPort(), b.getTargetPort())
                    || !Objects.equals(
                            a.getProtocol(), Objects.requireNonNullElse(b.getProtocol(), "TCP"))) {
                return false;
            }
        }
        return true;
    }
}
