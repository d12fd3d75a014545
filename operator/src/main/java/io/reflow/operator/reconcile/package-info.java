/** The reconcile loop: informers, one step per owned resource, status and garbage collection. */
package io.reflow.operator.reconcile;
