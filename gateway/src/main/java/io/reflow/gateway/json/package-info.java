/** JSON trees for the gateway's wire formats, read and written without an ObjectMapper. */
package io.reflow.gateway.json;
