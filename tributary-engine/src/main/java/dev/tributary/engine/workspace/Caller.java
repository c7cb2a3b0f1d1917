package dev.tributary.engine.workspace;

import dev.tributary.error.AccessDeniedException;

/** Who is asking: the workspace's admin, or one of its customers. */
public sealed interface Caller {

  String workspaceId();

  /** Acts for the whole workspace. */
  record Admin(String workspaceId) implements Caller {}

  /** Acts as one customer and sees only that customer's objects. */
  record ActingCustomer(String workspaceId, String customerId) implements Caller {}

  static Caller admin(String workspaceId) {
    return new Admin(workspaceId);
  }

  static Caller customer(String workspaceId, String customerId) {
    return new ActingCustomer(workspaceId, customerId);
  }

  default boolean isAdmin() {
    return this instanceof Admin;
  }

  /**
   * @throws AccessDeniedException for a customer caller, naming {@code what} it tried to do
   */
  default void requireAdmin(String what) {
    if (!isAdmin()) {
      throw new AccessDeniedException(
          "Only a workspace admin may " + what + ". Use a token with \"isAdmin\": true (or without"
              + " a customer \"id\"), minted on your server with the workspace secret.");
    }
  }
}
