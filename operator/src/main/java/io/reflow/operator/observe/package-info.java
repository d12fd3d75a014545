/** Metrics and structured logs of the operator. */
package io.reflow.operator.observe;
