/** The Java part of the declarative Trello connector: board webhooks for cards. */
@NullMarked
package dev.tributary.connectors.trello;

import org.jspecify.annotations.NullMarked;
