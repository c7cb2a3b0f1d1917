/** The Java parts of the GitHub connector (webhooks, newest-first pulls); the rest is YAML. */
@NullMarked
package dev.tributary.connectors.github;

import org.jspecify.annotations.NullMarked;
