/**
 * The few exception types every layer of Tributary throws and the HTTP API translates.
 *
 * <p>All are unchecked and extend {@link dev.tributary.error.TributaryException}. Each carries a
 * stable {@link dev.tributary.error.TributaryException#type() type} code that clients can switch
 * on, a message that says what was wrong and what to do, and optional per-field details.
 */
@NullMarked
package dev.tributary.error;

import org.jspecify.annotations.NullMarked;
