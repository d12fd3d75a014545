/**
 * The Reflow operator: turns each MCPInstance into a Pod and a ClusterIP Service, heals them and
 * deletes instances that are idle or too old. {@link io.reflow.operator.Operator} runs it inside
 * any JVM; {@link io.reflow.operator.Main} runs it as a process with health and metrics.
 */
package io.reflow.operator;
