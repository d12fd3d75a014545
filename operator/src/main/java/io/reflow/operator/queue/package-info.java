/** A de-duplicating work queue with timed requeues and exponential backoff. */
package io.reflow.operator.queue;
