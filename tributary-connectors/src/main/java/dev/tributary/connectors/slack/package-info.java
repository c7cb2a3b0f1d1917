/** The Java part of the Slack connector (error answers, newest-first pull); the rest is YAML. */
@NullMarked
package dev.tributary.connectors.slack;

import org.jspecify.annotations.NullMarked;
