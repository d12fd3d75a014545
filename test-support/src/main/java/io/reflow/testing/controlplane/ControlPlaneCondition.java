package io.reflow.testing.controlplane;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Runs a {@link RequiresControlPlane} class only where the control plane's binaries exist. */
public final class ControlPlaneCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        ControlPlaneBinaries.Result binaries = ControlPlaneBinaries.locate();
        if (binaries.dir().isPresent()) {
            return ConditionEvaluationResult.enabled("control plane at " + binaries.dir().get());
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(
                    "CI needs the real control plane, but " + binaries.whyMissing());
        }
        return ConditionEvaluationResult.disabled(
                "no real control plane on this machine: " + binaries.whyMissing());
    }
}
