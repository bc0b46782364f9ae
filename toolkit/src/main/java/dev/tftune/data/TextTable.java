package dev.tftune.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A delimited UTF-8 text file whose first non-blank line is a header: tab-separated (TSV) or
 * comma-separated (CSV) cells, as strings.
 *
 * <p>CSV (and any delimiter other than tab) follows RFC 4180: a cell may be quoted with
 * {@code "}, a doubled {@code ""} inside quotes is one quote, and delimiters and line breaks
 * inside quotes belong to the cell. TSV is split on tabs only and quotes are ordinary
 * characters, because TSV corpora such as SST-2 and SMS Spam hold unbalanced quotes in their
 * sentences. Either way a leading byte order mark is dropped, {@code \r\n}, {@code \n} and
 * {@code \r} all end a line, and blank lines are skipped. Cells are not trimmed.
 *
 * <p>Rows keep as many cells as the file gives them, so a row may be shorter or longer than the
 * header; {@link LabelledTexts} decides what to do with such rows.
 */
public final class TextTable {
  private final String source;
  private final char delimiter;
  private final List<String> header;
  private final List<String[]> rows;
  private final int[] lineNumbers;

  private TextTable(String source, char delimiter, List<String> header, List<String[]> rows,
      int[] lineNumbers) {
    this.source = source;
    this.delimiter = delimiter;
    this.header = header;
    this.rows = rows;
    this.lineNumbers = lineNumbers;
  }

  /**
   * Reads a file, choosing the delimiter by its extension: {@code .tsv} and {@code .tab} are
   * tab-separated, {@code .csv} comma-separated; for any other name (such as the extensionless
   * {@code SMSSpamCollection}) the header line decides: tab if it holds one, else comma.
   *
   * @throws DataException when the file is missing, not UTF-8, has no header or has a quoted
   *     cell that is never closed
   */
  public static TextTable read(Path file) {
    String content = load(file);
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    char delimiter;
    if (name.endsWith(".tsv") || name.endsWith(".tab")) {
      delimiter = '\t';
    } else if (name.endsWith(".csv")) {
      delimiter = ',';
    } else {
      delimiter = firstNonBlankLine(content).indexOf('\t') >= 0 ? '\t' : ',';
    }
    return parse(content, delimiter, file.toString());
  }

  /**
   * Reads a file with the given delimiter, whatever its name. Tab splits on tabs only; any
   * other delimiter honours RFC 4180 quoting.
   *
   * @throws DataException as {@link #read(Path)}
   */
  public static TextTable read(Path file, char delimiter) {
    return parse(load(file), delimiter, file.toString());
  }

  /** The file the table was read from, for messages. */
  public String source() {
    return source;
  }

  /** The delimiter the cells were split on. */
  public char delimiter() {
    return delimiter;
  }

  /** The column names of the header row, as written (not trimmed). */
  public List<String> header() {
    return header;
  }

  /** The number of rows below the header, blank lines not counted. */
  public int size() {
    return rows.size();
  }

  /** The cells of row {@code i} (0-based, header excluded), as many as the file gives. */
  public List<String> row(int i) {
    return Collections.unmodifiableList(Arrays.asList(rows.get(i)));
  }

  /** The cell of row {@code i} in a column, or null when the row is too short to have it. */
  public String cell(int i, int column) {
    String[] r = rows.get(i);
    return column < r.length ? r[column] : null;
  }

  /** The number of cells of row {@code i}. */
  public int width(int i) {
    return rows.get(i).length;
  }

  /**
   * The 1-based line of the file where row {@code i} starts (a quoted CSV cell may continue on
   * later lines); the header and blank lines count, so editors show the same number.
   */
  public int lineNumber(int i) {
    return lineNumbers[i];
  }

  /**
   * The 0-based index of a column: the header name matched exactly, else matched ignoring case
   * and surrounding spaces (CSV headers are often written {@code text, label}), else
   * {@code nameOrIndex} read as a 0-based index.
   *
   * @throws DataException when nothing matches, or the name matches several columns ignoring
   *     case; the message lists the columns
   */
  public int column(String nameOrIndex) {
    if (nameOrIndex == null) {
      throw new DataException("no column given for " + source,
          "name one of the columns " + columnList() + " or give a 0-based index");
    }
    int exact = header.indexOf(nameOrIndex);
    if (exact >= 0) {
      return exact;
    }
    int found = -1;
    for (int c = 0; c < header.size(); c++) {
      if (header.get(c).strip().equalsIgnoreCase(nameOrIndex.strip())) {
        if (found >= 0) {
          throw new DataException("column '" + nameOrIndex + "' matches both '"
              + header.get(found) + "' and '" + header.get(c) + "' of " + source
              + " ignoring case", "spell the column exactly as in the header, or give its "
              + "0-based index");
        }
        found = c;
      }
    }
    if (found >= 0) {
      return found;
    }
    String trimmed = nameOrIndex.strip();
    if (!trimmed.isEmpty() && trimmed.chars().allMatch(Character::isDigit)) {
      try {
        int index = Integer.parseInt(trimmed);
        if (index < header.size()) {
          return index;
        }
        throw new DataException("column index " + index + " is out of range: " + source
            + " has " + header.size() + " columns " + columnList(),
            "give an index from 0 to " + (header.size() - 1) + " or a column name");
      } catch (NumberFormatException tooLong) {
        // fall through to the unknown column message
      }
    }
    throw new DataException("no column '" + nameOrIndex + "' in " + source + "; its columns are "
        + columnList(), "name one of these columns or give a 0-based index");
  }

  private String columnList() {
    StringBuilder sb = new StringBuilder("[");
    for (int c = 0; c < header.size(); c++) {
      if (c > 0) {
        sb.append(", ");
      }
      sb.append(c).append(": ").append(printable(header.get(c)));
    }
    return sb.append(']').toString();
  }

  /** A cell as it may appear inside a one-line message. */
  static String printable(String s) {
    String flat = s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    return flat.length() > 60 ? flat.substring(0, 57) + "..." : flat;
  }

  private static String load(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new DataException("data file " + file + " does not exist",
          "check the path of the TSV or CSV file", e);
    } catch (IOException e) {
      throw new DataException("cannot read " + file + ": " + e.getMessage(),
          "check the path and that it is a readable file", e);
    }
    String content;
    try {
      // a strict decoder: silently replacing bad bytes would corrupt texts and labels unseen
      content = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new DataException(file + " is not UTF-8 text",
          "save it as UTF-8 (from a spreadsheet: 'CSV UTF-8')", e);
    }
    return content.startsWith("\uFEFF") ? content.substring(1) : content;
  }

  private static String firstNonBlankLine(String content) {
    return content.lines().filter(line -> !line.isBlank()).findFirst().orElse("");
  }

  static TextTable parse(String content, char delimiter, String source) {
    if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
      throw new IllegalArgumentException("delimiter cannot be a quote or a line break");
    }
    Parser p = new Parser(content, delimiter, delimiter != '\t', source);
    List<String[]> records = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    String[] record;
    while ((record = p.next()) != null) {
      records.add(record);
      lines.add(p.recordLine);
    }
    if (records.isEmpty()) {
      throw new DataException(source + " is empty: no header row",
          "give the file a header row naming the columns, then one row per example");
    }
    List<String> header = List.of(records.get(0));
    List<String[]> rows = new ArrayList<>(records.subList(1, records.size()));
    int[] lineNumbers = new int[rows.size()];
    for (int i = 0; i < lineNumbers.length; i++) {
      lineNumbers[i] = lines.get(i + 1);
    }
    return new TextTable(source, delimiter, header, Collections.unmodifiableList(rows),
        lineNumbers);
  }

  /** Splits the content into records, one call at a time, counting physical lines. */
  private static final class Parser {
    private final String s;
    private final char delimiter;
    private final boolean quoting;
    private final String source;
    private int pos;
    private int line = 1;
    int recordLine;

    Parser(String s, char delimiter, boolean quoting, String source) {
      this.s = s;
      this.delimiter = delimiter;
      this.quoting = quoting;
      this.source = source;
    }

    /** The next non-blank record, or null at the end. */
    String[] next() {
      while (pos < s.length()) {
        int start = pos;
        recordLine = line;
        List<String> cells = quoting ? quotedRecord() : plainRecord();
        if (!isBlank(start, cells)) {
          return cells.toArray(new String[0]);
        }
      }
      return null;
    }

    /**
     * Blank means one unquoted cell of whitespace only; a line of delimiters is a row of empty
     * cells and is kept so that it gets reported rather than vanishing.
     */
    private boolean isBlank(int start, List<String> cells) {
      return cells.size() == 1 && cells.get(0).isBlank()
          && (s.length() == start || s.charAt(start) != '"');
    }

    private List<String> plainRecord() {
      List<String> cells = new ArrayList<>();
      int cellStart = pos;
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == delimiter) {
          cells.add(s.substring(cellStart, pos));
          cellStart = ++pos;
        } else if (c == '\n' || c == '\r') {
          cells.add(s.substring(cellStart, pos));
          endLine();
          return cells;
        } else {
          pos++;
        }
      }
      cells.add(s.substring(cellStart, pos));
      return cells;
    }

    private List<String> quotedRecord() {
      List<String> cells = new ArrayList<>();
      StringBuilder cell = new StringBuilder();
      boolean cellStart = true;
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (cellStart && c == '"') {
          pos++;
          readQuoted(cell);
          cellStart = false;
        } else if (c == delimiter) {
          cells.add(cell.toString());
          cell.setLength(0);
          cellStart = true;
          pos++;
        } else if (c == '\n' || c == '\r') {
          cells.add(cell.toString());
          endLine();
          return cells;
        } else {
          // a quote inside an unquoted cell, or text after a closing quote, is kept as written:
          // spreadsheets produce both, and rejecting them would lose whole rows for one char
          cell.append(c);
          cellStart = false;
          pos++;
        }
      }
      cells.add(cell.toString());
      return cells;
    }

    /** Reads a quoted cell's content after its opening quote, up to and past the closing one. */
    private void readQuoted(StringBuilder cell) {
      int opened = line;
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == '"') {
          if (pos + 1 < s.length() && s.charAt(pos + 1) == '"') {
            cell.append('"');
            pos += 2;
          } else {
            pos++;
            return;
          }
        } else {
          if (c == '\n' || (c == '\r' && (pos + 1 >= s.length() || s.charAt(pos + 1) != '\n'))) {
            line++;
          }
          cell.append(c);
          pos++;
        }
      }
      throw new DataException("line " + opened + " of " + source + ": a quoted cell is never "
          + "closed, so the rest of the file would be one cell", "close the quote, double the "
          + "quotes inside the cell (\"\"), or read the file as tab-separated");
    }

    private void endLine() {
      if (s.charAt(pos) == '\r' && pos + 1 < s.length() && s.charAt(pos + 1) == '\n') {
        pos++;
      }
      pos++;
      line++;
    }
  }
}
