/**
 * The formula language of mappings and configurations: JSON values in which an object with one
 * {@code $}-key ({@code {$var: $.input.id}}, {@code {$concat: […]}}, …) is computed from
 * variables. Start with {@link dev.tributary.engine.formula.Formulas#evaluate}; {@code
 * docs/formulas.md} describes every formula.
 */
@NullMarked
package dev.tributary.engine.formula;

import org.jspecify.annotations.NullMarked;
