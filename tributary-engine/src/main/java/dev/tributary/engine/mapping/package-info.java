/**
 * Field mappings: how records of the collection a data source instance points to become the SaaS
 * product's own shape ({@code importValue}) and back ({@code exportValue}), universal → per
 * integration → per connection, with the customer's overrides. {@link
 * dev.tributary.engine.mapping.FieldMappingInstanceService#importRecord} and {@link
 * dev.tributary.engine.mapping.FieldMappingInstanceService#exportRecord} are what actions and
 * flows call.
 */
@NullMarked
package dev.tributary.engine.mapping;

import org.jspecify.annotations.NullMarked;
