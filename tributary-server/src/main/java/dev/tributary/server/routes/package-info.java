/** The routes of the HTTP API, one class per area, each declaring its routes on the {@link dev.tributary.server.http.Api}. */
@NullMarked
package dev.tributary.server.routes;

import org.jspecify.annotations.NullMarked;
