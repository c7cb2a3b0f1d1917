/**
 * Bearer-token authentication: JWTs signed by the SaaS product with its workspace secret, and the
 * minting of such tokens for the {@code token} command.
 */
@NullMarked
package dev.tributary.server.auth;

import org.jspecify.annotations.NullMarked;
