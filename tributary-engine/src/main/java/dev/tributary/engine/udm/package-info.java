/**
 * Universal Data Models: the catalogue of canonical record shapes ({@code udm/catalogue.yaml}),
 * and the conversion between a collection's fields and a model's unified fields through a
 * connector's UDM mapping, with field fallbacks and UDM fallbacks.
 */
@NullMarked
package dev.tributary.engine.udm;

import org.jspecify.annotations.NullMarked;
