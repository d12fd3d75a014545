/**
 * End-to-end suite of Reflow Gateway. Main sources hold only the MCPInstance types generated from
 * the committed CRD YAML (package {@code io.reflow.e2e.crd}); the scenarios are tests.
 */
package io.reflow.e2e;
