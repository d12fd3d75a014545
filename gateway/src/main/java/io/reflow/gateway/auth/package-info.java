/** Authentication and the identity it establishes. */
package io.reflow.gateway.auth;
