/** The Reflow gateway process: wiring and start-up. */
package io.reflow.gateway;
