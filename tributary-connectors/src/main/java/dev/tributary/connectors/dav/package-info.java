/**
 * The CalDAV/CardDAV connector ({@code dav}): calendars and address books of any standards server
 * as tasks, events and contacts collections, tested against Radicale.
 */
@NullMarked
package dev.tributary.connectors.dav;

import org.jspecify.annotations.NullMarked;
