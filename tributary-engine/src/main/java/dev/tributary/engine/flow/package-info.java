/**
 * Flows: multi-step workflows started by a data source's change events (or by the API), made of
 * nodes that read and write records through data sources, transform data, filter, and call the
 * SaaS product's own API. A flow is universal or an integration's; a flow instance is a flow for
 * one connection; a flow run is one execution, with each node's input, output, status and error.
 */
@NullMarked
package dev.tributary.engine.flow;

import org.jspecify.annotations.NullMarked;
