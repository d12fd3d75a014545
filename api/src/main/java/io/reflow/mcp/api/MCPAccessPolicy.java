package io.reflow.mcp.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.sundr.builder.annotations.Buildable;
import io.sundr.builder.annotations.BuildableReference;

/**
 * An access policy of the gateway stored in the cluster ({@code store.kind: kubernetes}); the
 * policy's id is {@code metadata.name}. Every gateway replica watches these.
 */
@Group(McpResources.GROUP)
@Version(McpResources.VERSION)
@Kind("MCPAccessPolicy")
@Plural("mcpaccesspolicies")
@Singular("mcpaccesspolicy")
@ShortNames("mcpap")
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
@JsonIgnoreProperties(ignoreUnknown = true)
@Buildable(
        editableEnabled = false,
        generateBuilderPackage = false,
        lazyCollectionInitEnabled = false,
        builderPackage = "io.fabric8.kubernetes.api.builder",
        refs = @BuildableReference(ObjectMeta.class))
public class MCPAccessPolicy extends CustomResource<MCPAccessPolicySpec, Void>
        implements Namespaced {

    private static final long serialVersionUID = 1L;
}
