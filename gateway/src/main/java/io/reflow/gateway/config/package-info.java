/** The typed, validated gateway configuration. */
package io.reflow.gateway.config;
