/** The Tributary server: the HTTP API over the engine, with its settings and lifecycle. */
@NullMarked
package dev.tributary.server;

import org.jspecify.annotations.NullMarked;
