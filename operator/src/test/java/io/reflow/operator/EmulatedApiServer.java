package io.reflow.operator;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.MockServerExpectation;
import io.reflow.mcp.api.MCPInstance;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's emulated API server (mock in CRUD mode) with the MCPInstance CRD registered, kept only
 * for tests that need what a real server cannot give on demand: an answer of the test's choosing to
 * one request ({@link #expect()}), e.g. a quota or an admission refusal of a Pod create that no
 * configuration of the test cluster produces for the operator's valid, restricted Pods.
 */
public final class EmulatedApiServer implements AutoCloseable {

    /** Namespace the tests use. */
    public static final String NAMESPACE = "reflow";

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    /** Starts an empty emulated server on a free loopback port. */
    public EmulatedApiServer() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesSerialization serialization = new KubernetesSerialization();
        server =
                new KubernetesMockServer(
                        new Context(),
                        new MockWebServer(),
                        responses,
                        new KubernetesMixedDispatcher(responses),
                        false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .resource(crd(serialization))
                .create();
    }

    /** A client of this server (closed with it). */
    public KubernetesClient client() {
        return client;
    }

    /** Stores {@code instance} in {@link #NAMESPACE}. */
    public MCPInstance create(MCPInstance instance) {
        return client.resources(MCPInstance.class)
                .inNamespace(NAMESPACE)
                .resource(instance)
                .create();
    }

    /** The stored instance, or null. */
    public MCPInstance get(String name) {
        return client.resources(MCPInstance.class).inNamespace(NAMESPACE).withName(name).get();
    }

    /** The stored Pod, or null. */
    public Pod pod(String name) {
        return client.pods().inNamespace(NAMESPACE).withName(name).get();
    }

    /** Expectations that take precedence over the emulation, e.g. a refused Pod create. */
    public MockServerExpectation expect() {
        return server.expect();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }

    private static CustomResourceDefinition crd(KubernetesSerialization serialization) {
        try (InputStream yaml =
                MCPInstance.class.getResourceAsStream(
                        "/META-INF/fabric8/mcpinstances.mcp.reflow.io-v1.yml")) {
            if (yaml == null) {
                throw new IllegalStateException("the api jar holds no generated MCPInstance CRD");
            }
            return serialization.unmarshal(yaml, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
