/**
 * Access policies: which targets, tools, prompts and resources an identity may use, how they are
 * stored, evaluated and enforced on {@code /mcp/{target}}.
 */
package io.reflow.gateway.access;
