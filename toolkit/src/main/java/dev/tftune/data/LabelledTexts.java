package dev.tftune.data;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Texts, or pairs of texts, with a class label each: the raw material of a text classifier,
 * before tokenization. Immutable.
 *
 * <p>Built from a {@link TextTable}, rows that cannot be used are skipped rather than failing the
 * whole file, and each is reported in {@link #problems()} and, summarised, in a logged warning.
 */
public final class LabelledTexts {
  private static final Logger LOG = LoggerFactory.getLogger(LabelledTexts.class);
  /** How many bad lines the warning names before it says "and N more". */
  private static final int LINES_IN_WARNING = 5;

  private final List<String> texts;
  private final List<String> pairs;
  private final int[] labels;
  private final int[] lineNumbers;
  private final List<String> classNames;
  private final List<String> problems;
  private final TextColumnNames columns;

  private LabelledTexts(List<String> texts, List<String> pairs, int[] labels, int[] lineNumbers,
      List<String> classNames, List<String> problems, TextColumnNames columns) {
    this.texts = texts;
    this.pairs = pairs;
    this.labels = labels;
    this.lineNumbers = lineNumbers;
    this.classNames = classNames;
    this.problems = problems;
    this.columns = columns;
  }

  /**
   * Labelled texts from columns of a table, with the classes found in the label column: its
   * distinct values sorted numerically when all are integers (so {@code 2} comes before
   * {@code 10}), else as strings; a label's id is its position in that order. Labels are
   * trimmed; texts are kept as written.
   *
   * @param textColumn name or 0-based index of the text column (see {@link TextTable#column})
   * @param pairColumn name or index of the second text of sentence pairs; null for single texts
   * @param labelColumn name or index of the label column
   * @throws DataException when a column is unknown or no row is usable
   */
  public static LabelledTexts from(TextTable table, String textColumn, String pairColumn,
      String labelColumn) {
    return build(table, textColumn, pairColumn, labelColumn, null);
  }

  /**
   * Labelled texts whose classes are fixed in advance, such as the classes a model was trained
   * with when evaluating it on another file. A row whose label is not one of
   * {@code classNames} is skipped and reported; ids are positions in {@code classNames}.
   *
   * @param classNames the classes, in id order; distinct
   * @throws DataException when a column is unknown or no row is usable
   * @see #from(TextTable, String, String, String)
   */
  public static LabelledTexts from(TextTable table, String textColumn, String pairColumn,
      String labelColumn, List<String> classNames) {
    if (classNames.isEmpty() || classNames.stream().distinct().count() != classNames.size()) {
      throw new IllegalArgumentException("class names must be distinct and not empty: "
          + classNames);
    }
    return build(table, textColumn, pairColumn, labelColumn, List.copyOf(classNames));
  }

  /**
   * Labelled texts given directly, without a file; {@link #lineNumber} is 0 for each.
   *
   * @param pairs second texts, as many as {@code texts}; null for single texts
   * @param labels class ids, each in {@code [0, classNames.size())}
   */
  public static LabelledTexts of(List<String> texts, List<String> pairs, int[] labels,
      List<String> classNames) {
    if (labels.length != texts.size() || (pairs != null && pairs.size() != texts.size())) {
      throw new IllegalArgumentException(texts.size() + " texts, "
          + (pairs == null ? "no" : pairs.size()) + " pairs and " + labels.length
          + " labels: the counts must match");
    }
    for (int label : labels) {
      if (label < 0 || label >= classNames.size()) {
        throw new IllegalArgumentException("label " + label + " is not a class id of "
            + classNames);
      }
    }
    return new LabelledTexts(List.copyOf(texts), pairs == null ? null : List.copyOf(pairs),
        labels.clone(), new int[labels.length], List.copyOf(classNames), List.of(),
        TextColumnNames.unknown());
  }

  private static LabelledTexts build(TextTable table, String textColumn, String pairColumn,
      String labelColumn, List<String> fixedClasses) {
    int textCol = table.column(textColumn);
    int pairCol = pairColumn == null ? -1 : table.column(pairColumn);
    int labelCol = table.column(labelColumn);
    String header = String.valueOf(table.header());
    if (textCol == labelCol || pairCol == labelCol || pairCol == textCol) {
      throw new DataException("the text, pair and label columns of " + table.source()
          + " must differ, but '" + textColumn + "', '" + pairColumn + "' and '" + labelColumn
          + "' name columns " + textCol + ", " + pairCol + " and " + labelCol + " of "
          + header, "name different columns for the text and the label");
    }
    if (table.size() == 0) {
      throw new DataException(table.source() + " has a header but no rows",
          "add one row per example below the header " + header);
    }
    int needed = Math.max(Math.max(textCol, pairCol), labelCol) + 1;
    int width = table.header().size();
    List<String> problems = new ArrayList<>();
    List<Integer> kept = new ArrayList<>();
    List<String> rawLabels = new ArrayList<>();
    for (int i = 0; i < table.size(); i++) {
      String problem = problemOf(table, i, needed, width, textCol, pairCol, labelCol);
      String label = problem == null ? table.cell(i, labelCol).strip() : null;
      if (problem == null && fixedClasses != null && !fixedClasses.contains(label)) {
        problem = "label '" + TextTable.printable(label) + "' is not one of the classes "
            + fixedClasses;
      }
      if (problem != null) {
        problems.add("line " + table.lineNumber(i) + ": " + problem);
      } else {
        kept.add(i);
        rawLabels.add(label);
      }
    }
    if (kept.isEmpty()) {
      throw new DataException("no usable row in " + table.source() + ": all " + table.size()
          + " rows were skipped, the first because " + problems.get(0),
          "check the column choice (text '" + textColumn + "', label '" + labelColumn
              + "') against the header " + header + " and the delimiter");
    }
    List<String> classNames = fixedClasses != null ? fixedClasses : sortedClasses(rawLabels);
    Map<String, Integer> ids = new HashMap<>();
    for (int c = 0; c < classNames.size(); c++) {
      ids.put(classNames.get(c), c);
    }
    int n = kept.size();
    String[] texts = new String[n];
    String[] pairs = pairCol >= 0 ? new String[n] : null;
    int[] labels = new int[n];
    int[] lines = new int[n];
    for (int k = 0; k < n; k++) {
      int i = kept.get(k);
      texts[k] = table.cell(i, textCol);
      if (pairs != null) {
        pairs[k] = table.cell(i, pairCol);
      }
      labels[k] = ids.get(rawLabels.get(k));
      lines[k] = table.lineNumber(i);
    }
    if (!problems.isEmpty()) {
      warn(table, problems);
    }
    return new LabelledTexts(List.of(texts), pairs == null ? null : List.of(pairs), labels,
        lines, classNames, List.copyOf(problems),
        new TextColumnNames(table.header().get(textCol),
            pairCol < 0 ? null : table.header().get(pairCol), table.header().get(labelCol)));
  }

  /** Why row {@code i} cannot be used, or null when it can (the label is checked later). */
  private static String problemOf(TextTable table, int i, int needed, int width, int textCol,
      int pairCol, int labelCol) {
    int cells = table.width(i);
    if (cells < needed) {
      return cells + (cells == 1 ? " cell" : " cells") + ", too few for the columns used"
          + " (the header has " + width + ")";
    }
    if (cells > width && !table.row(i).subList(width, cells).stream().allMatch(String::isEmpty)) {
      // an unquoted delimiter inside a text shifts the label: reading on would mislabel the row
      return cells + " cells where the header has " + width
          + " (a delimiter inside the text?)";
    }
    if (table.cell(i, textCol).isBlank()) {
      return "empty text";
    }
    if (pairCol >= 0 && table.cell(i, pairCol).isBlank()) {
      return "empty second text";
    }
    if (table.cell(i, labelCol).isBlank()) {
      return "empty label";
    }
    return null;
  }

  private static void warn(TextTable table, List<String> problems) {
    StringBuilder lines = new StringBuilder();
    for (int p = 0; p < Math.min(LINES_IN_WARNING, problems.size()); p++) {
      lines.append(p == 0 ? "" : "; ").append(problems.get(p));
    }
    if (problems.size() > LINES_IN_WARNING) {
      lines.append("; and ").append(problems.size() - LINES_IN_WARNING).append(" more");
    }
    LOG.warn("skipped {} of {} rows of {}: {}", problems.size(), table.size(), table.source(),
        lines);
  }

  /** Distinct labels sorted: numerically when all are integers, else as strings. */
  static List<String> sortedClasses(List<String> labels) {
    TreeSet<String> distinct = new TreeSet<>(labels);
    boolean numeric = distinct.stream().allMatch(s -> s.matches("[+-]?\\d+"));
    if (!numeric) {
      return List.copyOf(distinct);
    }
    // "1" and "01" are different labels with the same value: the string order keeps them apart
    List<String> sorted = new ArrayList<>(distinct);
    sorted.sort(Comparator.comparing((String s) -> new BigInteger(s))
        .thenComparing(Comparator.naturalOrder()));
    return Collections.unmodifiableList(sorted);
  }

  /** The number of examples. */
  public int size() {
    return texts.size();
  }

  /** The text of example {@code i}. */
  public String text(int i) {
    return texts.get(i);
  }

  /** The second text of example {@code i}; null when the examples are single texts. */
  public String pair(int i) {
    return pairs == null ? null : pairs.get(i);
  }

  /** Whether the examples are sentence pairs. */
  public boolean hasPairs() {
    return pairs != null;
  }

  /** The texts, in example order. */
  public List<String> texts() {
    return texts;
  }

  /** The second texts in example order; null when there is no pair column. */
  public List<String> pairs() {
    return pairs;
  }

  /** The class id of example {@code i}, in {@code [0, classNames().size())}. */
  public int label(int i) {
    return labels[i];
  }

  /** The class ids, in example order (a copy). */
  public int[] labels() {
    return labels.clone();
  }

  /** The class names by id. */
  public List<String> classNames() {
    return classNames;
  }

  /**
   * The 1-based line of the file where example {@code i} starts, for messages; 0 when the
   * examples were not read from a file.
   */
  public int lineNumber(int i) {
    return lineNumbers[i];
  }

  /** The number of examples of each class, by class id; a class without examples counts 0. */
  public int[] classCounts() {
    int[] counts = new int[classNames.size()];
    for (int label : labels) {
      counts[label]++;
    }
    return counts;
  }

  /**
   * The rows of the file that were skipped, as {@code "line N: reason"}, in file order; empty
   * when every row was used. Subsets keep the list of the file they came from.
   */
  public List<String> problems() {
    return problems;
  }

  /**
   * Examples {@code from} (inclusive) to {@code to} (exclusive), with the same classes, so ids
   * keep their meaning even when a class has no example in the range.
   *
   * @throws IndexOutOfBoundsException when the range is not within {@code [0, size()]}
   */
  public LabelledTexts subset(int from, int to) {
    if (from < 0 || to > size() || from > to) {
      throw new IndexOutOfBoundsException("subset [" + from + ", " + to + ") of " + size()
          + " examples");
    }
    // copies, so that a small subset of a large file does not keep all its texts reachable
    return new LabelledTexts(List.copyOf(texts.subList(from, to)),
        pairs == null ? null : List.copyOf(pairs.subList(from, to)),
        Arrays.copyOfRange(labels, from, to),
        Arrays.copyOfRange(lineNumbers, from, to), classNames, problems, columns);
  }

  /**
   * The examples at some indices, in that order, with the same classes (as {@link #subset}).
   *
   * @throws IndexOutOfBoundsException when an index is not within {@code [0, size())}
   */
  public LabelledTexts select(int[] rows) {
    List<String> t = new ArrayList<>(rows.length);
    List<String> p = pairs == null ? null : new ArrayList<>(rows.length);
    int[] l = new int[rows.length];
    int[] lines = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      t.add(texts.get(rows[i]));
      if (p != null) {
        p.add(pairs.get(rows[i]));
      }
      l[i] = labels[rows[i]];
      lines[i] = lineNumbers[rows[i]];
    }
    return new LabelledTexts(List.copyOf(t), p == null ? null : List.copyOf(p), l, lines,
        classNames, problems, columns);
  }

  /**
   * A seeded split that holds out the same share of every class ({@link Split#stratified}):
   * element 0 to train on, element 1 held out.
   */
  public LabelledTexts[] stratifiedSplit(double heldOut, long seed) {
    Split split = Split.stratified(labels, classNames.size(), heldOut, seed);
    return new LabelledTexts[] {select(split.training()), select(split.heldOut())};
  }

  /**
   * The header names of the table columns the texts and labels were read from; all null when
   * the texts were not read from a table.
   */
  public TextColumnNames columns() {
    return columns;
  }

  /** The first {@code n} examples, or all when there are fewer; see {@link #subset}. */
  public LabelledTexts limit(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("limit " + n + " is negative");
    }
    return subset(0, Math.min(n, size()));
  }

  @Override
  public String toString() {
    return size() + (pairs == null ? " texts" : " text pairs") + " in " + classNames.size()
        + " classes " + classNames;
  }
}
