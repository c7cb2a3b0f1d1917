package dev.tributary.server.http;

/** Who may call a route. */
public enum Access {
  /** No token needed (health, the API description). */
  PUBLIC,
  /** A workspace admin or a customer token; customers see only their own objects. */
  ANY,
  /** A workspace admin token only. */
  ADMIN
}
