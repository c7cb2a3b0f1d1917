/**
 * Change events: subscriptions to a connection's collection, pulls that detect what changed
 * (the full scan compares every record with a snapshot kept in the database), and the event log
 * every delivery reads from.
 */
@NullMarked
package dev.tributary.engine.events;

import org.jspecify.annotations.NullMarked;
