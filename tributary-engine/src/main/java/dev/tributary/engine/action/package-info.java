/**
 * Actions: one synchronous operation on the records of a data source (list, find by id, match,
 * search, create, find or create, update, delete), universal → per integration → per connection,
 * configured with a shared data source ({@code dataSource: {key}}) or an inline collection, and
 * optionally a field mapping. {@link dev.tributary.engine.action.ActionInstanceService#run} runs one.
 */
@NullMarked
package dev.tributary.engine.action;

import org.jspecify.annotations.NullMarked;
