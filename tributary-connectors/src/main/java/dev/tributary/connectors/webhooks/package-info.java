/** What the SaaS connectors' Java parts share: webhook calls (signatures, secrets, refusals) and JSON. */
@NullMarked
package dev.tributary.connectors.webhooks;

import org.jspecify.annotations.NullMarked;
