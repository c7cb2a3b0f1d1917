/** The one JSON mapper of the engine, and helpers to store JSON objects in text columns. */
@NullMarked
package dev.tributary.engine.json;

import org.jspecify.annotations.NullMarked;
