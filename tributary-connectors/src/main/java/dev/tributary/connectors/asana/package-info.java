/**
 * The Java part of the Asana connector: webhooks with Asana's handshake and signatures, and the
 * /events sync-token feed. The rest of the connector is declarative (META-INF/tributary/connectors/asana/).
 */
@NullMarked
package dev.tributary.connectors.asana;

import org.jspecify.annotations.NullMarked;
