/**
 * The gateway's Prometheus metrics: a small registry of labelled counters, histograms and gauges
 * written in the Prometheus text format. Only the metrics the gateway documents, so start-up needs
 * no metrics framework.
 */
package io.reflow.gateway.metrics;
