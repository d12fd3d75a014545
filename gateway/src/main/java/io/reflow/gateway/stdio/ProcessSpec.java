package io.reflow.gateway.stdio;

import java.util.List;
import java.util.Map;

/**
 * What to run for one subject of a stdio target.
 *
 * @param target the target's name
 * @param subjectHash a short hash of the subject key, for logs
 * @param commandLine command and arguments
 * @param workingDir working directory, or null for the gateway's
 * @param environment the child's whole environment
 * @param maxLineBytes longest stdout line accepted
 */
record ProcessSpec(
        String target,
        String subjectHash,
        List<String> commandLine,
        String workingDir,
        Map<String, String> environment,
        int maxLineBytes) {

    ProcessSpec {
        commandLine = List.copyOf(commandLine);
        environment = Map.copyOf(environment);
    }

    @Override
    public String toString() {
        // Never the environment: it holds the subject's credentials.
        return "ProcessSpec[target=" + target + ", subject=" + subjectHash + "]";
    }
}
