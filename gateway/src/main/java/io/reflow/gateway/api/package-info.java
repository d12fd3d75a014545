/** The REST API: targets and their env configs. */
package io.reflow.gateway.api;
