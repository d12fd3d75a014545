package io.reflow.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.reflow.testing.controlplane.RequiresControlPlane;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two operators on one real API server: only the Lease holder reconciles. */
@RequiresControlPlane
class LeaderElectionControlPlaneTest {

    private EmbeddedCluster cluster;
    private KubernetesClient secondClient;
    private Operator first;
    private Operator second;

    @BeforeEach
    void start() {
        cluster = new EmbeddedCluster();
        secondClient = cluster.newClient();
        first = Operator.start(cluster.client(), config("operator-a"));
        await().until(first::isLeader);
        second = Operator.start(secondClient, config("operator-b"));
    }

    @AfterEach
    void stop() {
        first.close();
        second.close();
        secondClient.close();
        cluster.close();
    }

    @Test
    void onlyTheLeaderReconcilesAndIsReady() {
        String name =
                cluster.create(EmbeddedCluster.instance("github", "alice")).getMetadata().getName();

        await().until(() -> cluster.pod(name) != null && cluster.get(name).getStatus() != null);

        await().until(() -> first.reconcileCount() > 0);
        assertThat(second.reconcileCount()).isZero();
        assertThat(first.isReady()).isTrue();
        assertThat(second.isReady()).isFalse();
        Lease lease =
                cluster.client()
                        .leases()
                        .inNamespace(cluster.namespace())
                        .withName("reflow-operator")
                        .get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("operator-a");
    }

    @Test
    void standbyTakesOverWhenTheLeaderShutsDownAndReleasesTheLease() {
        first.close();

        // The lease lasts 60 s: taking over within 10 s proves the leader released it.
        await().atMost(Duration.ofSeconds(10)).until(second::isLeader);
        String name =
                cluster.create(EmbeddedCluster.instance("github", "bob")).getMetadata().getName();

        await().until(() -> cluster.pod(name) != null);
        await().until(() -> second.reconcileCount() > 0);
        assertThat(second.isReady()).isTrue();
    }

    private OperatorConfig config(String identity) {
        return OperatorConfig.defaults(cluster.namespace())
                .withLeaderElection(true)
                .withIdentity(identity)
                .withLeaseTiming(
                        Duration.ofSeconds(60), Duration.ofSeconds(20), Duration.ofMillis(200));
    }
}
