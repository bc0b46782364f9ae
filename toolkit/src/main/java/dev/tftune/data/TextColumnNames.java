package dev.tftune.data;

/**
 * The columns of a table that texts were read from, for reading the same columns of another
 * file later. Each is a column name or 0-based index, or null when unknown (texts not read from
 * a table, or a single-text table without a pair column).
 *
 * @param text the text column
 * @param pair the second text of sentence pairs; null for single texts
 * @param label the label column
 */
public record TextColumnNames(String text, String pair, String label) {
  /** No columns known. */
  public static TextColumnNames unknown() {
    return new TextColumnNames(null, null, null);
  }
}
