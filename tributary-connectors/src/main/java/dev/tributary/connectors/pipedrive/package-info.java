/** The Java part of the Pipedrive connector (webhooks); the rest is YAML. */
@NullMarked
package dev.tributary.connectors.pipedrive;

import org.jspecify.annotations.NullMarked;
