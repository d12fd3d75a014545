/** Targets, their env configs and where they are stored. */
package io.reflow.gateway.target;
