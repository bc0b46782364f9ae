package dev.tftune.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads labelled numeric examples from a table: each model input filled from its columns
 * ({@link TableColumns}), reshaped to the input's shape, in the input's dtype.
 */
public final class NumericTable {
  private NumericTable() {}

  /**
   * Reads the examples of a table.
   *
   * @param inputs what each input of {@code columns} takes, by input key
   * @param classNames the classes of a trained model (evaluation), or null to take the sorted
   *     distinct labels of the table; with {@code columns.label()} null every label is 0.
   *     With target columns ({@link TableColumns#regression()}) the examples are regression
   *     data whose names are the target columns, and this is ignored
   * @param limit the first rows only; 0 for all
   * @throws DataException naming the line and column of a cell that is not a number, a row
   *     whose values do not fill the input, a missing column, or a label the classes lack
   */
  public static NumericExamples read(TextTable table, TableColumns columns,
      Map<String, NumericExamples.Input> inputs, List<String> classNames, int limit) {
    int n = limit > 0 ? Math.min(limit, table.size()) : table.size();
    if (n == 0) {
      throw new DataException(table.source() + " has no rows below its header",
          "pass a table with one example per row");
    }
    Map<String, float[]> values = new LinkedHashMap<>();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    Map<String, String> dtypes = new LinkedHashMap<>();
    for (var e : columns.inputs().entrySet()) {
      NumericExamples.Input input = inputs.get(e.getKey());
      if (input == null) {
        throw new DataException("--input names '" + e.getKey() + "', which the model does not "
            + "take", "map the model's inputs " + inputs.keySet());
      }
      NumericExamples.requireNumeric(e.getKey(), input.dtype());
      int[] cols = e.getValue().stream().mapToInt(table::column).toArray();
      float[][] rows = new float[n][];
      for (int i = 0; i < n; i++) {
        rows[i] = row(table, i, cols);
      }
      long[] shape = shape(table, e.getKey(), input.shape(), rows);
      float[] flat = new float[Math.multiplyExact(n, rows[0].length)];
      for (int i = 0; i < n; i++) {
        System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[i].length);
      }
      values.put(e.getKey(), flat);
      shapes.put(e.getKey(), shape);
      dtypes.put(e.getKey(), input.dtype());
    }
    int[] labels = new int[n];
    if (columns.regression()) {
      int[] cols = columns.targets().stream().mapToInt(table::column).toArray();
      float[][] targets = new float[n][];
      for (int i = 0; i < n; i++) {
        targets[i] = row(table, i, cols);
        if (targets[i].length != cols.length) {
          throw new DataException("line " + table.lineNumber(i) + " of " + table.source()
              + ": target column '" + columns.targets().get(0) + "' holds "
              + targets[i].length + " numbers where one is expected",
              "give one number per target column");
        }
      }
      return new NumericExamples(values, shapes, dtypes, labels, targets, false,
          columns.targets(), new TablePreparation(columns));
    }
    List<String> classes = classNames;
    if (columns.label() != null && columns.multiLabel()) {
      return labelSets(table, n, columns, classes, values, shapes, dtypes);
    }
    if (columns.label() != null) {
      int labelColumn = table.column(columns.label());
      List<String> raw = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String cell = table.cell(i, labelColumn);
        if (cell == null || cell.isBlank()) {
          throw new DataException("line " + table.lineNumber(i) + " of " + table.source()
              + " has no label in column '" + columns.label() + "'",
              "give every row a label, or pass --label-column NAME");
        }
        raw.add(cell.strip());
      }
      classes = classes != null ? classes : LabelledTexts.sortedClasses(raw);
      Map<String, Integer> ids = new HashMap<>();
      for (int c = 0; c < classes.size(); c++) {
        ids.put(classes.get(c), c);
      }
      for (int i = 0; i < n; i++) {
        Integer id = ids.get(raw.get(i));
        if (id == null) {
          throw new DataException("line " + table.lineNumber(i) + " of " + table.source()
              + " has label '" + raw.get(i) + "', which is not one of the classes " + classes,
              "use data with the classes the model was trained on");
        }
        labels[i] = id;
      }
    } else if (classes == null) {
      throw new IllegalArgumentException("unlabelled data needs the classes");
    }
    return new NumericExamples(values, shapes, dtypes, labels, null, false, classes,
        new TablePreparation(columns));
  }

  private static final java.util.regex.Pattern SET_SEPARATOR =
      java.util.regex.Pattern.compile("[|;]");

  /** Multi-label examples: each label cell a set of classes ({@code a|b}); blank is none. */
  private static NumericExamples labelSets(TextTable table, int n, TableColumns columns,
      List<String> classNames, Map<String, float[]> values, Map<String, long[]> shapes,
      Map<String, String> dtypes) {
    int labelColumn = table.column(columns.label());
    List<List<String>> sets = new ArrayList<>();
    java.util.Set<String> all = new java.util.TreeSet<>();
    for (int i = 0; i < n; i++) {
      String cell = table.cell(i, labelColumn);
      List<String> set = cell == null ? List.of() : SET_SEPARATOR.splitAsStream(cell)
          .map(String::strip).filter(c -> !c.isEmpty()).distinct().toList();
      sets.add(set);
      all.addAll(set);
    }
    List<String> classes = classNames != null ? classNames
        : LabelledTexts.sortedClasses(List.copyOf(all));
    if (classes.isEmpty()) {
      throw new DataException(table.source() + " has no class in its label column '"
          + columns.label() + "'", "list each row's classes separated by | or ;");
    }
    Map<String, Integer> ids = new HashMap<>();
    for (int c = 0; c < classes.size(); c++) {
      ids.put(classes.get(c), c);
    }
    float[][] targets = new float[n][classes.size()];
    for (int i = 0; i < n; i++) {
      for (String c : sets.get(i)) {
        Integer id = ids.get(c);
        if (id == null) {
          throw new DataException("line " + table.lineNumber(i) + " of " + table.source()
              + " has label '" + c + "', which is not one of the classes " + classes,
              "use data with the classes the model was trained on");
        }
        targets[i][id] = 1;
      }
    }
    return new NumericExamples(values, shapes, dtypes, new int[n], targets, true, classes,
        new TablePreparation(columns));
  }

  /** The numbers of a row's columns; one column alone may hold a vector. */
  private static float[] row(TextTable table, int i, int[] cols) {
    if (cols.length == 1) {
      return numbers(table, i, cols[0]);
    }
    float[] out = new float[cols.length];
    for (int k = 0; k < cols.length; k++) {
      float[] one = numbers(table, i, cols[k]);
      if (one.length != 1) {
        throw new DataException("line " + table.lineNumber(i) + " of " + table.source()
            + ": column '" + table.header().get(cols[k]) + "' holds " + one.length
            + " numbers where one is expected", "give one number per column, or map a vector "
            + "column alone: --input NAME=COLUMN");
      }
      out[k] = one[0];
    }
    return out;
  }

  private static float[] numbers(TextTable table, int i, int col) {
    String cell = table.cell(i, col);
    String text = cell == null ? "" : cell.strip();
    if (text.startsWith("[") && text.endsWith("]")) {
      text = text.substring(1, text.length() - 1).strip();
    }
    String[] parts = text.isEmpty() ? new String[0] : text.split("[,\\s]+");
    float[] out = new float[parts.length];
    try {
      for (int k = 0; k < parts.length; k++) {
        out[k] = Float.parseFloat(parts[k]);
      }
    } catch (NumberFormatException e) {
      throw new DataException("line " + table.lineNumber(i) + " of " + table.source()
          + ": column '" + table.header().get(col) + "' holds '" + abbreviate(cell)
          + "', not numbers", "fix the cell, or map only numeric columns with --input");
    }
    if (parts.length == 0) {
      throw new DataException("line " + table.lineNumber(i) + " of " + table.source()
          + ": column '" + table.header().get(col) + "' is empty",
          "fill every cell the inputs read");
    }
    return out;
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  /** The input's shape with an unknown dimension filled in from the values of every row. */
  private static long[] shape(TextTable table, String key, long[] declared, float[][] rows) {
    long[] shape = declared.clone();
    long known = 1;
    int unknown = -1;
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] < 0) {
        if (unknown >= 0) {
          throw new DataException("input '" + key + "' has shape " + Arrays.toString(declared)
              + " with several unknown dimensions, which a row of numbers cannot fill",
              "feed it through the Java API with tensors of the shape you mean");
        }
        unknown = d;
      } else {
        known *= shape[d];
      }
    }
    int count = rows[0].length;
    if (unknown >= 0) {
      if (known == 0 || count % known != 0) {
        throw new DataException("line " + table.lineNumber(0) + " of " + table.source()
            + " gives " + count + " values for input '" + key + "' of shape "
            + Arrays.toString(declared), "give a multiple of " + known + " values");
      }
      shape[unknown] = count / known;
    }
    long expected = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != expected) {
        throw new DataException("line " + table.lineNumber(i) + " of " + table.source()
            + " gives " + rows[i].length + " values for input '" + key + "' of shape "
            + Arrays.toString(shape) + ", which takes " + expected, "give every row "
            + expected + " values for '" + key + "' (--input " + key + "=COLUMNS)");
      }
    }
    return shape;
  }
}
