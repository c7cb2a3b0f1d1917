/**
 * Data sources and their instances: which collection (and parameters) each customer's connection
 * uses for a purpose such as "users" or "tasks", shared by everything that names the data source.
 * {@link dev.tributary.engine.datasource.DataSourceInstanceService#resolve} is the one path by
 * which records, actions, flows and subscriptions find the collection an instance points to.
 */
@NullMarked
package dev.tributary.engine.datasource;

import org.jspecify.annotations.NullMarked;
