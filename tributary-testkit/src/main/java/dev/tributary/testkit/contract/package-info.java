/**
 * The contract every connector passes: extend {@link dev.tributary.testkit.contract.ConnectorContractTest}
 * in a connector's tests, say how to reach a test account, and the suite checks the spec files
 * and round-trips every method the specs declare.
 */
@NullMarked
package dev.tributary.testkit.contract;

import org.jspecify.annotations.NullMarked;
