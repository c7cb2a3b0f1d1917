/** What the Java parts of the built-in connectors share: contexts over YAML mappings, webhook signatures. */
@NullMarked
package dev.tributary.connectors.support;

import org.jspecify.annotations.NullMarked;
