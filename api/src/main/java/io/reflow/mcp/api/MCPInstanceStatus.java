package io.reflow.mcp.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.sundr.builder.annotations.Buildable;
import io.sundr.builder.annotations.BuildableReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the operator observed: phase, the Ready condition and where the server can be reached. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@Buildable(
        editableEnabled = false,
        generateBuilderPackage = false,
        lazyCollectionInitEnabled = false,
        builderPackage = "io.fabric8.kubernetes.api.builder",
        refs = @BuildableReference(Condition.class))
public class MCPInstanceStatus {

    @JsonPropertyDescription("Pending, Starting, Ready, Failed or Terminating.")
    private InstancePhase phase;

    @JsonPropertyDescription("Standard conditions; Ready is always present once observed.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("Name of the Pod running the MCP server.")
    private String podName;

    @JsonPropertyDescription("Name of the ClusterIP Service in front of the Pod.")
    private String serviceName;

    @JsonPropertyDescription(
            "Base URL of the Service; the gateway connects to endpoint + spec.mcpPath.")
    private String endpoint;

    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("When the current Pod became Ready (RFC 3339).")
    private String startedAt;

    @JsonPropertyDescription("Last activity the gateway recorded (RFC 3339).")
    private String lastActivityAt;

    @JsonPropertyDescription("Human-readable detail of the phase.")
    private String message;

    @JsonPropertyDescription(
            "The mcp.reflow.io/secret-hash annotation this status was observed against: a Ready"
                    + " phase means a Pod built with these credentials is Ready. The gateway"
                    + " routes to the instance only while it equals the annotation.")
    private String secretHash;

    /** Current phase, or null before the first reconcile. */
    public InstancePhase getPhase() {
        return phase;
    }

    /** Sets the phase. */
    public void setPhase(InstancePhase phase) {
        this.phase = phase;
    }

    /** Conditions, never null. */
    public List<Condition> getConditions() {
        return conditions;
    }

    /** Sets the conditions. */
    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : conditions;
    }

    /** Pod name, or null. */
    public String getPodName() {
        return podName;
    }

    /** Sets the Pod name. */
    public void setPodName(String podName) {
        this.podName = podName;
    }

    /** Service name, or null. */
    public String getServiceName() {
        return serviceName;
    }

    /** Sets the Service name. */
    public void setServiceName(String serviceName) {
        this.serviceName = serviceName;
    }

    /** Base URL of the Service, or null when not known yet. */
    public String getEndpoint() {
        return endpoint;
    }

    /** Sets the endpoint. */
    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    /** Observed generation, or null. */
    public Long getObservedGeneration() {
        return observedGeneration;
    }

    /** Sets the observed generation. */
    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    /** When the Pod became Ready, or null. */
    public String getStartedAt() {
        return startedAt;
    }

    /** Sets when the Pod became Ready. */
    public void setStartedAt(String startedAt) {
        this.startedAt = startedAt;
    }

    /** Last recorded activity, or null. */
    public String getLastActivityAt() {
        return lastActivityAt;
    }

    /** Sets the last recorded activity. */
    public void setLastActivityAt(String lastActivityAt) {
        this.lastActivityAt = lastActivityAt;
    }

    /** Detail of the phase, or null. */
    public String getMessage() {
        return message;
    }

    /** Sets the detail of the phase. */
    public void setMessage(String message) {
        this.message = message;
    }

    /** The secret hash this status was observed against, or null. */
    public String getSecretHash() {
        return secretHash;
    }

    /** Sets the secret hash this status was observed against. */
    public void setSecretHash(String secretHash) {
        this.secretHash = secretHash;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MCPInstanceStatus that)) {
            return false;
        }
        return phase == that.phase
                && Objects.equals(conditions, that.conditions)
                && Objects.equals(podName, that.podName)
                && Objects.equals(serviceName, that.serviceName)
                && Objects.equals(endpoint, that.endpoint)
                && Objects.equals(observedGeneration, that.observedGeneration)
                && Objects.equals(startedAt, that.startedAt)
                && Objects.equals(lastActivityAt, that.lastActivityAt)
                && Objects.equals(message, that.message)
                && Objects.equals(secretHash, that.secretHash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                phase,
                conditions,
                podName,
                serviceName,
                endpoint,
                observedGeneration,
                startedAt,
                lastActivityAt,
                message,
                secretHash);
    }

    @Override
    public String toString() {
        return "MCPInstanceStatus{phase="
                + phase
                + ", endpoint="
                + endpoint
                + ", message="
                + message
                + "}";
    }
}
