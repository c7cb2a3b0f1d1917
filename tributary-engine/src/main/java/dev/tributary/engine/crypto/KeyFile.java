package dev.tributary.engine.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The key file of the embedded default, {@code <data dir>/encryption.keys}: one base64 key per
 * line, newest first; lines starting with {@code #} are comments. Written owner-only.
 */
public final class KeyFile {

  public static final String FILE_NAME = "encryption.keys";

  private final Path path;

  public KeyFile(Path dataDir) {
    this.path = dataDir.resolve(FILE_NAME);
  }

  public Path path() {
    return path;
  }

  /** The keys in the file, or empty when there is no file yet. */
  public Optional<KeySet> read() {
    if (!Files.exists(path)) {
      return Optional.empty();
    }
    try {
      List<EncryptionKey> keys = new ArrayList<>();
      for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
        if (!line.isBlank() && !line.strip().startsWith("#")) {
          keys.add(EncryptionKey.parse(line, path.toString()));
        }
      }
      return keys.isEmpty() ? Optional.empty() : Optional.of(new KeySet(keys));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the key file " + path, e);
    }
  }

  /** Creates the file with one new key. Fails if the file exists, so no key is ever overwritten. */
  public KeySet create() {
    KeySet keys = KeySet.of(EncryptionKey.generate());
    try {
      Files.createDirectories(path.getParent());
      try {
        Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(path);
      }
      Files.writeString(path, render(keys), StandardCharsets.UTF_8);
      return keys;
    } catch (FileAlreadyExistsException e) {
      throw new IllegalStateException("The key file " + path + " already exists; refusing to overwrite it.", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the key file " + path, e);
    }
  }

  /** Replaces the file's content atomically with {@code keys}. */
  public void write(KeySet keys) {
    Path temporary = path.resolveSibling(FILE_NAME + ".tmp");
    try {
      Files.deleteIfExists(temporary);
      try {
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(temporary);
      }
      Files.writeString(temporary, render(keys), StandardCharsets.UTF_8);
      try {
        Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the key file " + path, e);
    }
  }

  private static String render(KeySet keys) {
    StringBuilder text = new StringBuilder();
    text.append("# Tributary encryption keys, newest first. Back this file up: without it the stored\n");
    text.append("# credentials cannot be read. Never commit or share it.\n");
    for (EncryptionKey key : keys.keys()) {
      text.append(key.toBase64()).append('\n');
    }
    return text.toString();
  }
}
