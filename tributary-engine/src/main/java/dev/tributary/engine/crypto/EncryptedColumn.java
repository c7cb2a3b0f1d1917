package dev.tributary.engine.crypto;

/**
 * A column that holds {@link SecretBox sealed} values, in a table whose primary key column is
 * {@code id}. Features declare theirs so that key rotation can find every sealed value.
 *
 * @param table the table name (a constant of the code, never user input)
 * @param column the column name (a constant of the code, never user input)
 */
public record EncryptedColumn(String table, String column) {

  /** The associated data a value of this column is sealed with: its place in the store. */
  public String associatedData(String id) {
    return table + "/" + column + "/" + id;
  }
}
