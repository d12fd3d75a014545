package io.reflow.testing.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The garbage collector stand-in emulates owner-reference cascading on the embedded API server. */
@EnableKubernetesMockClient(crud = true)
class GarbageCollectorStandInMockTest {

    private static final String NS = "test";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private KubernetesClient client;
    private GarbageCollectorStandIn gc;

    @BeforeEach
    void start() {
        gc = GarbageCollectorStandIn.start(client, NS);
    }

    @AfterEach
    void stop() {
        gc.close();
    }

    @Test
    void deletesPodServiceAndSecretWhenTheirOwnerIsDeleted() {
        ConfigMap owner = createOwner("owner");
        ConfigMap other = createOwner("other");
        create(KubeletStandInMockTest.pod("p", "s"), owner);
        create(KubeletStandInMockTest.service("p", 8080), owner);
        create(KubeletStandInMockTest.secret("s", "k", "v"), owner);
        create(KubeletStandInMockTest.secret("kept", "k", "v"), other);
        client.secrets()
                .inNamespace(NS)
                .resource(KubeletStandInMockTest.secret("free", "k", "v"))
                .create();

        client.configMaps().inNamespace(NS).withName("owner").delete();

        await().atMost(WAIT)
                .untilAsserted(
                        () -> {
                            assertThat(client.pods().inNamespace(NS).withName("p").get()).isNull();
                            assertThat(client.services().inNamespace(NS).withName("p").get())
                                    .isNull();
                            assertThat(client.secrets().inNamespace(NS).withName("s").get())
                                    .isNull();
                        });
        assertThat(client.secrets().inNamespace(NS).withName("kept").get()).isNotNull();
        assertThat(client.secrets().inNamespace(NS).withName("free").get()).isNotNull();
        assertThat(gc.collectedCount()).isEqualTo(3);
    }

    @Test
    void keepsDependentWhoseOwnerWasRecreatedUnderTheSameName() {
        ConfigMap owner = createOwner("owner");
        create(KubeletStandInMockTest.secret("s", "k", "v"), owner);
        client.configMaps().inNamespace(NS).withName("owner").delete();
        createOwner("owner");
        ConfigMap second = createOwner("second");
        create(KubeletStandInMockTest.secret("s2", "k", "v"), second);

        await().atMost(WAIT)
                .until(() -> client.secrets().inNamespace(NS).withName("s").get() == null);
        assertThat(client.secrets().inNamespace(NS).withName("s2").get()).isNotNull();
    }

    @Test
    void collectsDependentCreatedAfterItsOwnerWasDeleted() {
        ConfigMap owner = createOwner("owner");
        client.configMaps().inNamespace(NS).withName("owner").delete();

        create(KubeletStandInMockTest.secret("late", "k", "v"), owner);

        await().atMost(WAIT)
                .until(() -> client.secrets().inNamespace(NS).withName("late").get() == null);
    }

    private ConfigMap createOwner(String name) {
        return client.configMaps()
                .inNamespace(NS)
                .resource(
                        new ConfigMapBuilder()
                                .withNewMetadata()
                                .withName(name)
                                .endMetadata()
                                .build())
                .create();
    }

    private void create(HasMetadata dependent, ConfigMap owner) {
        OwnerReference ref =
                new OwnerReferenceBuilder()
                        .withApiVersion("v1")
                        .withKind("ConfigMap")
                        .withName(owner.getMetadata().getName())
                        .withUid(owner.getMetadata().getUid())
                        .withController(true)
                        .build();
        dependent.getMetadata().getOwnerReferences().add(ref);
        client.resource(dependent).inNamespace(NS).create();
    }
}
