package dev.tributary.server.cli;

import dev.tributary.engine.Tributary;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tributary rotate-key}: re-encrypts every stored secret under the newest key. With the
 * data directory's key file it generates the new key itself; with {@code TRIBUTARY_ENCRYPTION_KEY}
 * the new key is the first of the list.
 */
@Command(name = "rotate-key", description = {
    "Re-encrypt every stored secret under the newest encryption key.",
    "Key file (embedded default): generates a new key, re-encrypts, then drops the old keys. Stop the server first.",
    "TRIBUTARY_ENCRYPTION_KEY: put the new key first (\"new,old\") on every node, run this, then remove the old key."})
final class RotateKeyCommand implements Callable<Integer> {

  @Mixin Settings settings;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    // Exclusive: a running server must not keep sealing with a key this command retires.
    try (Tributary tributary = settings.engine(settings.database().exclusive()).build()) {
      Tributary.Rotation rotation = tributary.rotateEncryptionKey();
      PrintWriter out = spec.commandLine().getOut();
      out.println("Re-encrypted " + rotation.reencrypted() + " stored secrets with key " + rotation.currentKeyId() + ".");
      if (rotation.keyFile() != null) {
        out.println("The key file " + rotation.keyFile() + " now holds only the new key; back it up again.");
      } else if (!rotation.retiredKeyIds().isEmpty()) {
        out.println("Keys " + rotation.retiredKeyIds() + " are no longer used: remove them from TRIBUTARY_ENCRYPTION_KEY.");
      }
      return 0;
    }
  }
}
