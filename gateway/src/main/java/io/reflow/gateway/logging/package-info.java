/**
 * Log output of the gateway process: text or JSON lines with the target and instance of the request
 * being served ({@link io.reflow.gateway.logging.LogContext}), and the lines written at shutdown.
 */
package io.reflow.gateway.logging;
