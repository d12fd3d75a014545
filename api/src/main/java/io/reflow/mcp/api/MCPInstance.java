package io.reflow.mcp.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
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

/** One MCP server for one subject of one target: the operator turns it into a Pod and a Service. */
@Group(McpResources.GROUP)
@Version(McpResources.VERSION)
@Kind("MCPInstance")
@Plural("mcpinstances")
@Singular("mcpinstance")
@ShortNames("mcpi")
@AdditionalPrinterColumn(name = "Target", jsonPath = ".spec.targetName")
@AdditionalPrinterColumn(name = "Subject", jsonPath = ".spec.subjectKey")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(
        name = "Reason",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason")
@AdditionalPrinterColumn(name = "Endpoint", jsonPath = ".status.endpoint")
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
// Names are <targetName>-<hash of subjectKey>; any other name could collide with another target's.
// Checked on create only (name and targetName never change), so instances stored before the rule
// existed still take the gateway's and the operator's writes.
@ValidationRule(
        value =
                "oldSelf.hasValue() || !has(self.spec) || !has(self.spec.targetName)"
                        + " || self.metadata.name.startsWith(self.spec.targetName + '-')",
        optionalOldSelf = true,
        message = "metadata.name must start with spec.targetName followed by '-'",
        fieldPath = ".spec.targetName")
@JsonIgnoreProperties(ignoreUnknown = true)
@Buildable(
        editableEnabled = false,
        generateBuilderPackage = false,
        lazyCollectionInitEnabled = false,
        builderPackage = "io.fabric8.kubernetes.api.builder",
        refs = @BuildableReference(ObjectMeta.class))
public class MCPInstance extends CustomResource<MCPInstanceSpec, MCPInstanceStatus>
        implements Namespaced {

    private static final long serialVersionUID = 1L;
}
