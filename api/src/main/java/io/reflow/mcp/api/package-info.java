/**
 * Custom resource types of Reflow ({@code mcp.reflow.io/v1alpha1}) and the naming rules that
 * operator, gateway and tests share. Data only: nothing here talks to a cluster.
 */
package io.reflow.mcp.api;
