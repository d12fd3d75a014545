/** Authenticated encryption for env values at rest and for session ids. */
package io.reflow.gateway.crypto;
