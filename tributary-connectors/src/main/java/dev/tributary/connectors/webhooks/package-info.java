/** What the SaaS connectors' webhook handling shares: signatures, secrets, JSON bodies and refusals. */
@NullMarked
package dev.tributary.connectors.webhooks;

import org.jspecify.annotations.NullMarked;
