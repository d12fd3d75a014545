/**
 * A lean blocking HTTP/1.1 client for upstream calls: the request's own (virtual) thread writes the
 * request and reads the response from a pooled keep-alive connection, with no selector thread and
 * no futures.
 *
 * <p>Helidon's WebClient was tried in its place and is avoided for these Helidon issues:
 *
 * <ul>
 *   <li><a href="https://github.com/helidon-io/helidon/issues/10861">helidon#10861</a>, a race in
 *       the WebClient's keep-alive cache: a connection was put back in the cache before its idle
 *       monitor (a virtual thread reading one byte to notice a closed connection) started, so a
 *       request that took the connection at once could lose the first byte of its response to that
 *       monitor. On Helidon 4.2.0 this gave about one 502 {@code Protocol is not HTTP} in 10,000
 *       requests here. <b>Fixed</b> by <a
 *       href="https://github.com/helidon-io/helidon/pull/10880">helidon#10880</a> (the monitor
 *       starts before the connection is offered), first released in 4.4.0 and so contained in the
 *       4.5.0 this build uses.
 *   <li><a href="https://github.com/helidon-io/helidon/issues/11799">helidon#11799</a>: every idle
 *       cached connection keeps such a monitor thread, which wakes every 101 ms to poll its socket.
 *       <b>Not fixed</b> in 4.5.0 (open). This client checks an idle connection once, when a
 *       request takes it, with a non-blocking read, and needs no thread per idle connection.
 * </ul>
 *
 * <p>Whether the WebClient of 4.5.0 would now match this client's throughput and latency has not
 * been measured; the benchmark in docs/benchmarks.md decides that.
 */
package io.reflow.gateway.proxy.http;
