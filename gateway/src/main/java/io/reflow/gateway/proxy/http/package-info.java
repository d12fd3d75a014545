/**
 * A lean blocking HTTP/1.1 client for upstream calls: the request's own (virtual) thread writes the
 * request and reads the response from a pooled keep-alive connection, with no selector thread and
 * no futures.
 */
package io.reflow.gateway.proxy.http;
