/**
 * Connectors at runtime: the registry (built-in and directory-loaded), the declarative (YAML)
 * connector loader with its format validation, REST mappings, and the HTTP client connectors
 * call apps with.
 */
@NullMarked
package dev.tributary.engine.connector;

import org.jspecify.annotations.NullMarked;
