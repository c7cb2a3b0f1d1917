/**
 * The embeddable Tributary runtime. Start with {@link dev.tributary.engine.Tributary#builder()}.
 */
@NullMarked
package dev.tributary.engine;

import org.jspecify.annotations.NullMarked;
