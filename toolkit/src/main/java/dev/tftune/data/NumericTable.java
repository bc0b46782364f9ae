package dev.tftune.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Labelled numeric examples read from a table: each model input filled from its columns
 * ({@link TableColumns}), reshaped to the input's shape, in the input's dtype.
 *
 * <p>Values are held as floats ({@code float32} holds every integer up to 2^24 exactly, enough
 * for ids and counts in tables); integer inputs get them rounded.
 */
public final class NumericTable implements Dataset {
  /**
   * What a model input takes.
   *
   * @param shape the shape without the batch dimension; one dimension may be -1, found from
   *     the number of values
   * @param dtype {@code float32}, {@code float64}, {@code int32} or {@code int64}
   */
  public record Input(long[] shape, String dtype) {}

  private static final List<String> DTYPES = List.of("float32", "float64", "int32", "int64");

  private final Map<String, float[]> values;
  private final Map<String, long[]> shapes;
  private final Map<String, String> dtypes;
  private final int[] labels;
  /** A regression's targets, row by row; null for classification. */
  private final float[][] targets;
  private final List<String> classNames;
  private final TableColumns columns;

  private NumericTable(Map<String, float[]> values, Map<String, long[]> shapes,
      Map<String, String> dtypes, int[] labels, float[][] targets, List<String> classNames,
      TableColumns columns) {
    this.values = values;
    this.shapes = shapes;
    this.dtypes = dtypes;
    this.labels = labels;
    this.targets = targets;
    this.classNames = classNames;
    this.columns = columns;
  }

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
  public static NumericTable read(TextTable table, TableColumns columns,
      Map<String, Input> inputs, List<String> classNames, int limit) {
    int n = limit > 0 ? Math.min(limit, table.size()) : table.size();
    if (n == 0) {
      throw new DataException(table.source() + " has no rows below its header",
          "pass a table with one example per row");
    }
    Map<String, float[]> values = new LinkedHashMap<>();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    Map<String, String> dtypes = new LinkedHashMap<>();
    for (var e : columns.inputs().entrySet()) {
      Input input = inputs.get(e.getKey());
      if (input == null) {
        throw new DataException("--input names '" + e.getKey() + "', which the model does not "
            + "take", "map the model's inputs " + inputs.keySet());
      }
      if (!DTYPES.contains(input.dtype())) {
        throw new DataException("input '" + e.getKey() + "' takes " + input.dtype()
            + ", not numbers", "feed it from data of its kind (texts, images or tf.Example)");
      }
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
      return new NumericTable(values, shapes, dtypes, labels, targets, columns.targets(),
          columns);
    }
    List<String> classes = classNames;
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
    return new NumericTable(values, shapes, dtypes, labels, null, List.copyOf(classes),
        columns);
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

  @Override
  public int size() {
    return labels.length;
  }

  @Override
  public int label(int index) {
    return labels[index];
  }

  @Override
  public List<String> classNames() {
    return classNames;
  }

  @Override
  public boolean regression() {
    return targets != null;
  }

  @Override
  public float[] targets(int index) {
    if (targets == null) {
      return Dataset.super.targets(index);
    }
    return targets[index].clone();
  }

  @Override
  public List<String> inputKeys() {
    return List.copyOf(values.keySet());
  }

  /** The shape each input is fed in, without the batch dimension. */
  public long[] shape(String input) {
    return shapes.get(input).clone();
  }

  @Override
  public InputPreparation preparation() {
    return new TablePreparation(columns);
  }

  @Override
  public Map<String, Tensor> batch(int[] indices, int rows) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    try {
      for (var e : values.entrySet()) {
        long[] shape = shapes.get(e.getKey());
        int width = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        float[] batch = new float[rows * width];
        for (int k = 0; k < indices.length; k++) {
          System.arraycopy(e.getValue(), indices[k] * width, batch, k * width, width);
        }
        long[] dims = new long[shape.length + 1];
        dims[0] = rows;
        System.arraycopy(shape, 0, dims, 1, shape.length);
        out.put(e.getKey(), tensor(dtypes.get(e.getKey()), Shape.of(dims), batch));
      }
    } catch (RuntimeException e) {
      out.values().forEach(Tensor::close);
      throw e;
    }
    return out;
  }

  private static Tensor tensor(String dtype, Shape shape, float[] v) {
    return switch (dtype) {
      case "float64" -> {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
          d[i] = v[i];
        }
        yield TFloat64.tensorOf(shape, DataBuffers.of(d, true, false));
      }
      case "int32" -> {
        int[] d = new int[v.length];
        for (int i = 0; i < v.length; i++) {
          d[i] = Math.round(v[i]);
        }
        yield TInt32.tensorOf(shape, DataBuffers.of(d, true, false));
      }
      case "int64" -> {
        long[] d = new long[v.length];
        for (int i = 0; i < v.length; i++) {
          d[i] = Math.round((double) v[i]);
        }
        yield TInt64.tensorOf(shape, DataBuffers.of(d, true, false));
      }
      default -> TFloat32.tensorOf(shape, DataBuffers.of(v, true, false));
    };
  }
}
