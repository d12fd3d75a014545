package io.reflow.testing.controlplane;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that runs against the real {@link ControlPlane}. Where its binaries cannot be
 * had (no Go), the class is skipped with the reason; in CI ({@code CI=true}) that is a failure
 * instead, so a skipped control plane never passes for a tested one.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ControlPlaneCondition.class)
public @interface RequiresControlPlane {}
