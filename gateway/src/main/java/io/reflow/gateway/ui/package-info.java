/** The web console at {@code /ui}: static files built into the jar, served with strict headers. */
package io.reflow.gateway.ui;
