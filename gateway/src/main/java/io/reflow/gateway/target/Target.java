package io.reflow.gateway.target;

import io.reflow.gateway.config.Urls;
import io.reflow.mcp.api.AuthType;
import io.reflow.mcp.api.IsolationBoundary;
import io.reflow.mcp.api.Statefulness;
import io.reflow.mcp.api.TransportType;
import java.util.List;

/**
 * An MCP server the gateway fronts at {@code /mcp/{name}}. The id is the name: a DNS-1123 label of
 * at most 40 characters, immutable once created.
 *
 * @param name unique name and id
 * @param transportType how the gateway reaches the server
 * @param url MCP endpoint of an HTTP target, or null
 * @param image container image of a kubernetes target, or null
 * @param port port of a kubernetes target's server, or null for 8080
 * @param healthPath readiness probe path of a kubernetes target, or null/empty for a TCP probe
 * @param mcpPath MCP endpoint path of a kubernetes target's server, or null for {@code /mcp}
 * @param command entrypoint override, or null
 * @param args arguments, or null
 * @param statefulness stateless or stateful, or null
 * @param isolationBoundary who shares an instance of a kubernetes target, or null for per_user
 * @param authType how AUTH_TOKEN reaches an HTTP target, or null for none
 * @param authHeaderName header for {@link AuthType#HEADER}, or null
 * @param resources compute resources of a kubernetes target's instances, or null
 * @param readOnly true for static targets from the config file
 * @param workingDir working directory of a stdio target's processes, or null for the gateway's
 * @param toolPrefix what {@code /mcp} puts before this target's tool and prompt names, or null for
 *     {@code <name>_}
 */
public record Target(
        String name,
        TransportType transportType,
        String url,
        String image,
        Integer port,
        String healthPath,
        String mcpPath,
        List<String> command,
        List<String> args,
        Statefulness statefulness,
        IsolationBoundary isolationBoundary,
        AuthType authType,
        String authHeaderName,
        Resources resources,
        boolean readOnly,
        String workingDir,
        String toolPrefix) {

    /** Longest accepted target name. */
    public static final int MAX_NAME_LENGTH = 40;

    /** Copies the lists. */
    public Target {
        command = command == null ? null : List.copyOf(command);
        args = args == null ? null : List.copyOf(args);
    }

    /** A target with the default tool prefix. */
    public Target(
            String name,
            TransportType transportType,
            String url,
            String image,
            Integer port,
            String healthPath,
            String mcpPath,
            List<String> command,
            List<String> args,
            Statefulness statefulness,
            IsolationBoundary isolationBoundary,
            AuthType authType,
            String authHeaderName,
            Resources resources,
            boolean readOnly,
            String workingDir) {
        this(
                name,
                transportType,
                url,
                image,
                port,
                healthPath,
                mcpPath,
                command,
                args,
                statefulness,
                isolationBoundary,
                authType,
                authHeaderName,
                resources,
                readOnly,
                workingDir,
                null);
    }

    /** A target without a working directory. */
    public Target(
            String name,
            TransportType transportType,
            String url,
            String image,
            Integer port,
            String healthPath,
            String mcpPath,
            List<String> command,
            List<String> args,
            Statefulness statefulness,
            IsolationBoundary isolationBoundary,
            AuthType authType,
            String authHeaderName,
            Resources resources,
            boolean readOnly) {
        this(
                name,
                transportType,
                url,
                image,
                port,
                healthPath,
                mcpPath,
                command,
                args,
                statefulness,
                isolationBoundary,
                authType,
                authHeaderName,
                resources,
                readOnly,
                null,
                null);
    }

    @Override
    public String toString() {
        // Written out: a record's generated toString spins classes on first use, and start-up
        // logs the config with its static targets.
        return "Target[name="
                + name
                + ", transportType="
                + transportType
                + ", url="
                + Urls.redacted(url)
                + ", image="
                + image
                + ", port="
                + port
                + ", healthPath="
                + healthPath
                + ", mcpPath="
                + mcpPath
                + ", command="
                + command
                + ", args="
                + args
                + ", statefulness="
                + statefulness
                + ", isolationBoundary="
                + isolationBoundary
                + ", authType="
                + authType
                + ", authHeaderName="
                + authHeaderName
                + ", resources="
                + resources
                + ", readOnly="
                + readOnly
                + ", workingDir="
                + workingDir
                + ", toolPrefix="
                + toolPrefix
                + "]";
    }

    /** The id used in REST paths and subject keys: the name. */
    public String id() {
        return name;
    }

    /**
     * The prefix of this target's tool and prompt names on {@code /mcp}: {@code tool_prefix}, or
     * the name and {@code _} (target names have no {@code _}, so the split is unambiguous).
     */
    public String effectiveToolPrefix() {
        return toolPrefix == null ? name + "_" : toolPrefix;
    }

    /** The isolation boundary, defaulting to per_user. */
    public IsolationBoundary effectiveIsolation() {
        return isolationBoundary == null ? IsolationBoundary.PER_USER : isolationBoundary;
    }
}
