/** Log output of the gateway process: text or JSON lines, and the lines written at shutdown. */
package io.reflow.gateway.logging;
