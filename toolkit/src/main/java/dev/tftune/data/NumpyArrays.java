package dev.tftune.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads labelled examples from NumPy arrays, as users coming from Python have them: one array
 * per model input, named as the input, its first dimension the examples, plus an array of
 * labels (class ids or names) or of a regression's targets.
 */
public final class NumpyArrays {
  /** Names a label array is looked for under when none is given. */
  public static final List<String> LABEL_NAMES = List.of("labels", "label", "y");

  private NumpyArrays() {}

  /**
   * The examples of some arrays.
   *
   * @param arrays the arrays by name ({@link NpyArray#readArchive})
   * @param source the file, for messages
   * @param inputs what each model input takes, by input key; each needs an array of its name
   * @param label the label array; null to look for {@link #LABEL_NAMES}, ignored with a target
   * @param target the array of a regression's targets; null for classes
   * @param classNames the classes of a trained model (evaluation), or null to take the sorted
   *     distinct labels
   * @param labelled false for prediction: no labels read (every label 0, {@code classNames}
   *     kept)
   * @param limit the first examples only; 0 for all
   * @throws DataException when an input has no array, the arrays disagree on the number of
   *     examples, an array does not fit its input, or a label is not one of the classes
   */
  public static NumericExamples read(Map<String, NpyArray> arrays, String source,
      Map<String, NumericExamples.Input> inputs, String label, String target,
      List<String> classNames, boolean labelled, int limit) {
    int n = -1;
    Map<String, float[]> values = new LinkedHashMap<>();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    Map<String, String> dtypes = new LinkedHashMap<>();
    for (var e : inputs.entrySet()) {
      String key = e.getKey();
      NumericExamples.requireNumeric(key, e.getValue().dtype());
      NpyArray a = array(arrays, source, key, "save one array per signature input, named as "
          + "the input: numpy.savez(file, " + key + "=...)");
      if (a.numbers() == null) {
        throw new DataException("array '" + key + "' of " + source + " holds strings",
            "save the numbers input '" + key + "' takes");
      }
      n = rows(n, a, key, source, limit);
      long[] shape = fit(key, e.getValue().shape(), a, source);
      values.put(key, java.util.Arrays.copyOf(a.numbers(), Math.multiplyExact(n, a.width())));
      shapes.put(key, shape);
      dtypes.put(key, e.getValue().dtype());
    }
    int[] labels = new int[n];
    if (labelled && target != null) {
      NpyArray t = array(arrays, source, target, "name the array of targets with --target");
      rows(n, t, target, source, limit);
      if (t.numbers() == null) {
        throw new DataException("the target array '" + target + "' holds strings",
            "a regression needs numbers; for classes pass --label-column instead");
      }
      int k = t.width();
      float[][] targets = new float[n][];
      for (int i = 0; i < n; i++) {
        targets[i] = java.util.Arrays.copyOfRange(t.numbers(), i * k, (i + 1) * k);
      }
      List<String> names = new ArrayList<>();
      for (int j = 0; j < k; j++) {
        names.add(k == 1 ? target : target + "_" + j);
      }
      return new NumericExamples(values, shapes, dtypes, labels, targets, false, names,
          new ArrayPreparation(null, target));
    }
    String labelName = label;
    if (labelled) {
      labelName = label != null ? label : LABEL_NAMES.stream().filter(arrays::containsKey)
          .findFirst().orElseThrow(() -> new DataException(source + " has no array of labels "
              + "(arrays " + arrays.keySet() + ")", "save the labels as 'labels', or pass "
              + "--label-column NAME"));
      NpyArray l = array(arrays, source, labelName, "pass --label-column NAME");
      rows(n, l, labelName, source, limit);
      List<String> raw = labelStrings(l, labelName, source, n);
      List<String> classes = classNames != null ? classNames
          : LabelledTexts.sortedClasses(raw);
      Map<String, Integer> ids = new HashMap<>();
      for (int c = 0; c < classes.size(); c++) {
        ids.put(classes.get(c), c);
      }
      for (int i = 0; i < n; i++) {
        Integer id = ids.get(raw.get(i));
        if (id == null) {
          throw new DataException("example " + i + " of " + source + " has label '"
              + raw.get(i) + "', which is not one of the classes " + classes,
              "use data with the classes the model was trained on");
        }
        labels[i] = id;
      }
      classNames = classes;
    } else if (classNames == null) {
      throw new IllegalArgumentException("unlabelled data needs the classes");
    }
    return new NumericExamples(values, shapes, dtypes, labels, null, false, classNames,
        new ArrayPreparation(labelName, null));
  }

  private static NpyArray array(Map<String, NpyArray> arrays, String source, String name,
      String fix) {
    NpyArray a = arrays.get(name);
    if (a == null) {
      throw new DataException(source + " has no array '" + name + "' (arrays "
          + arrays.keySet() + ")", fix);
    }
    return a;
  }

  /** The examples all arrays share, checked. */
  private static int rows(int n, NpyArray a, String name, String source, int limit) {
    int rows = limit > 0 ? Math.min(limit, a.rows()) : a.rows();
    if (a.shape().length == 0 || n >= 0 && rows != n) {
      throw new DataException("array '" + name + "' of " + source + " has shape "
          + java.util.Arrays.toString(a.shape()) + (n >= 0 ? ", not " + n + " examples" : ""),
          "give every array the examples along its first dimension");
    }
    return rows;
  }

  /** The input's shape, its unknown dimension filled from the array's values per example. */
  private static long[] fit(String key, long[] declared, NpyArray a, String source) {
    long[] shape = declared.clone();
    long known = 1;
    int unknown = -1;
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] < 0 && unknown < 0) {
        unknown = d;
      } else if (shape[d] < 0) {
        // several unknown dimensions: take the array's own, when its rank matches
        return arrayShape(key, declared, a, source);
      } else {
        known *= shape[d];
      }
    }
    if (unknown >= 0 && known > 0 && a.width() % known == 0) {
      shape[unknown] = a.width() / known;
      known = a.width();
    }
    if (known != a.width()) {
      throw new DataException("array '" + key + "' of " + source + " has shape "
          + java.util.Arrays.toString(a.shape()) + ", which does not fill input '" + key
          + "' of shape " + java.util.Arrays.toString(declared), "save " + key
          + " with the examples first and " + known + " values each");
    }
    return shape;
  }

  private static long[] arrayShape(String key, long[] declared, NpyArray a, String source) {
    long[] own = java.util.Arrays.copyOfRange(a.shape(), 1, a.shape().length);
    boolean fits = own.length == declared.length;
    for (int d = 0; fits && d < own.length; d++) {
      fits = declared[d] < 0 || declared[d] == own[d];
    }
    if (!fits) {
      throw new DataException("array '" + key + "' of " + source + " has shape "
          + java.util.Arrays.toString(a.shape()) + ", which does not fit input '" + key
          + "' of shape " + java.util.Arrays.toString(declared), "save " + key
          + " shaped [examples, ...] as the input takes it");
    }
    return own;
  }

  /** Labels as class names: integers in decimal, strings as they are. */
  private static List<String> labelStrings(NpyArray l, String name, String source, int n) {
    if (l.width() != 1) {
      throw new DataException("the label array '" + name + "' has shape "
          + java.util.Arrays.toString(l.shape()) + ", not one label per example",
          "save one class id or name per example");
    }
    List<String> raw = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (l.strings() != null) {
        raw.add(l.strings()[i].strip());
        continue;
      }
      float v = l.numbers()[i];
      if (v != Math.rint(v)) {
        throw new DataException("label " + v + " of example " + i + " in " + source
            + " is not a class id", "save integer class ids or names; for numeric targets "
            + "pass --target " + name);
      }
      raw.add(Long.toString((long) v));
    }
    return raw;
  }
}
