package dev.tributary.engine.flow;

import dev.tributary.error.TributaryException;

/** A node could not do its work; the message says why and becomes the node's (and the run's) error. */
final class FlowNodeException extends TributaryException {

  FlowNodeException(String message) {
    super(message, java.util.Map.of());
  }

  @Override
  public String type() {
    return "flow-node-failed";
  }
}
