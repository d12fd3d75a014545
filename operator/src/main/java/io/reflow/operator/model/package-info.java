/**
 * Pure functions that build desired state (Pod, Service, status) and decide expiry; they never
 * touch the cluster.
 */
package io.reflow.operator.model;
