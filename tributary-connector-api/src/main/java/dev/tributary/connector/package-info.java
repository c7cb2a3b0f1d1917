/**
 * The connector SPI: what an adapter for one external app provides.
 *
 * <p>A {@link dev.tributary.connector.Connector} has an {@link dev.tributary.connector.AuthDefinition},
 * a tree of {@link dev.tributary.connector.DataLocation data locations} (directories list
 * locations; collections hold records and have a {@link dev.tributary.connector.CollectionSpec}),
 * and per collection the methods {@code list | findById | match | search | create | update |
 * delete}. Methods receive a {@link dev.tributary.connector.ConnectorContext} with the
 * connection's {@link dev.tributary.connector.ApiClient}, credentials and parameters.
 *
 * <p>Most connectors are declarative (YAML folders read by the engine); Java code implements the
 * same interfaces where a mapping cannot express a method. Built-in Java connectors are found
 * with {@link java.util.ServiceLoader} through {@link dev.tributary.connector.ConnectorProvider}.
 */
@NullMarked
package dev.tributary.connector;

import org.jspecify.annotations.NullMarked;
