/**
 * Install tests: the Helm chart rendered by real Helm and the kubectl manifests in {@code config/},
 * parsed into fabric8 model types and checked for what they would install on a cluster.
 */
package io.reflow.install;
