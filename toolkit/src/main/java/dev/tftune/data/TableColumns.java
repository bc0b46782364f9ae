package dev.tftune.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which columns of a numeric table feed each input of a model, and which holds the label.
 *
 * <p>An input takes its values from several columns in order (one number each), or from one
 * column whose cells hold a whole vector ({@code [0.1, 0.2]} as JSON, or {@code 0.1 0.2}).
 *
 * @param inputs column names by input key, in the order they fill the input
 * @param label the label column of classes; null when the data has no labels (prediction) or
 *     numeric targets
 * @param targets the columns of a regression's numeric targets, one number each; empty for
 *     classification
 * @param multiLabel whether a label cell holds a set of classes, separated by {@code |} or
 *     {@code ;} (multi-label classification)
 */
public record TableColumns(Map<String, List<String>> inputs, String label, List<String> targets,
    boolean multiLabel) {
  private static final Pattern RANGE = Pattern.compile("(.*?)(\\d+)\\.\\.(\\1)?(\\d+)");

  public TableColumns {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    inputs.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    inputs = Collections.unmodifiableMap(copy);
    targets = List.copyOf(targets);
  }

  /** Columns of single-label classification data (no targets). */
  public TableColumns(Map<String, List<String>> inputs, String label) {
    this(inputs, label, List.of(), false);
  }

  /** True when the columns hold a regression's targets. */
  public boolean regression() {
    return !targets.isEmpty();
  }

  /**
   * Parses {@code NAME=COLUMNS} mappings, as {@code --input} takes them: columns separated by
   * commas, each a column name or a range such as {@code f0..f95} (or {@code f0..95}).
   *
   * @throws DataException when a mapping has no {@code =}, no columns, a backwards range or
   *     names an input twice
   */
  public static TableColumns parse(List<String> mappings, String label) {
    Map<String, List<String>> inputs = new LinkedHashMap<>();
    for (String mapping : mappings) {
      int eq = mapping.indexOf('=');
      String name = eq > 0 ? mapping.substring(0, eq).strip() : "";
      if (name.isEmpty() || eq == mapping.length() - 1) {
        throw new DataException("--input '" + mapping + "' is not NAME=COLUMNS",
            "pass --input x=f0..f95 (a range), --input x=a,b,c, or --input x=vector_column");
      }
      if (inputs.containsKey(name)) {
        throw new DataException("--input names '" + name + "' twice",
            "give each input one --input with all its columns");
      }
      inputs.put(name, expand(mapping.substring(eq + 1)));
    }
    return new TableColumns(inputs, label);
  }

  /** Column names of a list such as {@code f0..f3,extra}: ranges expanded, in order. */
  public static List<String> expand(String columns) {
    List<String> out = new ArrayList<>();
    for (String part : columns.split(",")) {
      String p = part.strip();
      Matcher m = RANGE.matcher(p);
      if (m.matches()) {
        int from = Integer.parseInt(m.group(2));
        int to = Integer.parseInt(m.group(4));
        if (to < from) {
          throw new DataException("the column range '" + p + "' runs backwards",
              "write the lower number first, such as f0..f95");
        }
        for (int i = from; i <= to; i++) {
          out.add(m.group(1) + i);
        }
      } else if (!p.isEmpty()) {
        out.add(p);
      }
    }
    if (out.isEmpty()) {
      throw new DataException("no columns in '" + columns + "'", "name the input's columns");
    }
    return out;
  }

  /**
   * The columns of a header that feed inputs of the given names: a column named as the input
   * (a vector per cell, or the one number of a one-element input), else the columns
   * {@code NAME0, NAME1, ...} or {@code NAME_0, NAME_1, ...} in numeric order.
   *
   * @return the mapping, or null when some input has no such columns
   */
  public static TableColumns byName(List<String> header, List<String> inputNames,
      String label) {
    Map<String, List<String>> inputs = new LinkedHashMap<>();
    for (String input : inputNames) {
      List<String> found = header.contains(input) ? List.of(input) : numbered(header, input);
      if (found.isEmpty()) {
        return null;
      }
      inputs.put(input, found);
    }
    return new TableColumns(inputs, label);
  }

  private static List<String> numbered(List<String> header, String input) {
    for (String separator : List.of("", "_")) {
      List<String> found = new ArrayList<>();
      while (header.contains(input + separator + found.size())) {
        found.add(input + separator + found.size());
      }
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  /** The same columns with another label column. */
  public TableColumns withLabel(String label) {
    return new TableColumns(inputs, label, targets, multiLabel);
  }

  /** The same inputs with a regression's target columns (and no label column). */
  public TableColumns withTargets(List<String> targets) {
    return new TableColumns(inputs, null, targets, false);
  }

  /** The same columns, their label cells read as sets of classes (or not). */
  public TableColumns withMultiLabel(boolean on) {
    return new TableColumns(inputs, label, targets, on);
  }

  /** The same inputs without labels or targets, for prediction. */
  public TableColumns unlabelled() {
    return new TableColumns(inputs, null, List.of(), false);
  }
}
