/**
 * The kubernetes transport: per-subject MCPInstances, their Secrets, and the in-cluster target
 * store.
 */
package io.reflow.gateway.kubernetes;
