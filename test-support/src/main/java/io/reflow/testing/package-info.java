/** Real MCP servers for tests and benchmarks, started as local processes on free ports. */
package io.reflow.testing;
