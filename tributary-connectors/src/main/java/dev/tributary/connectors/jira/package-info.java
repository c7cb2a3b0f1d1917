/**
 * The Java part of the Jira Cloud connector: dynamic webhooks and the newest-first pull of issues.
 * The rest of the connector is declarative (META-INF/tributary/connectors/jira/).
 */
@NullMarked
package dev.tributary.connectors.jira;

import org.jspecify.annotations.NullMarked;
