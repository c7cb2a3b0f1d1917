/**
 * Layered workspace elements: an element is universal (for every integration) or for one
 * integration (its own, or the child a universal element gets in each integration), and has an
 * instance per connection (and {@code instanceKey}). Field mappings and actions are such elements;
 * {@link dev.tributary.engine.element.ElementService} keeps the layers for each of them, and the
 * feature's own service says what its {@code spec} and instance {@code config} hold.
 */
@NullMarked
package dev.tributary.engine.element;

import org.jspecify.annotations.NullMarked;
