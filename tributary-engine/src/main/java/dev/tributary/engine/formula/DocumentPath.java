package dev.tributary.engine.formula;

import org.jspecify.annotations.Nullable;

/**
 * Where a value is in the document being evaluated, e.g. {@code $.fields.name.$concat[2]}. A step
 * is a small object and its text is written only when an error names it: an evaluation walks every
 * value of every record it maps, and almost none of them fail.
 */
final class DocumentPath {

  static final DocumentPath ROOT = new DocumentPath(null, "$", 0);

  private final @Nullable DocumentPath parent;
  private final @Nullable Object key; // null for a list index
  private final int index;

  private DocumentPath(@Nullable DocumentPath parent, @Nullable Object key, int index) {
    this.parent = parent;
    this.key = key;
    this.index = index;
  }

  /** The value under {@code name} of the object here: {@code <this>.name}. */
  DocumentPath key(Object name) {
    return new DocumentPath(this, name, 0);
  }

  /** The item at {@code position} of the list here: {@code <this>[position]}. */
  DocumentPath index(int position) {
    return new DocumentPath(this, null, position);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    write(text);
    return text.toString();
  }

  private void write(StringBuilder text) {
    if (parent == null) {
      text.append(key);
      return;
    }
    parent.write(text);
    if (key == null) {
      text.append('[').append(index).append(']');
    } else {
      text.append('.').append(key);
    }
  }
}
