/**
 * The workspace and its elements: customers, integrations and connections (whose credentials are
 * kept encrypted). Every operation takes the {@link dev.tributary.engine.workspace.Caller}: a
 * customer sees only its own objects, and another customer's object is reported as not found.
 */
@NullMarked
package dev.tributary.engine.workspace;

import org.jspecify.annotations.NullMarked;
