/**
 * The HTTP plumbing: a registry of documented routes (from which {@code /openapi.json} is built),
 * request bodies checked against JSON Schema, and errors answered as JSON.
 */
@NullMarked
package dev.tributary.server.http;

import org.jspecify.annotations.NullMarked;
