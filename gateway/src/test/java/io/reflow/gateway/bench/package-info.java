/** Load benchmarks: separate programs, not tests. */
package io.reflow.gateway.bench;
