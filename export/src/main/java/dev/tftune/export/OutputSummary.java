package dev.tftune.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/** The first example's outputs of a signature, in a line for people to read. */
final class OutputSummary {
  private static final int SHOWN = 4;

  private OutputSummary() {}

  static String of(Map<String, Tensor> outputs) {
    List<String> parts = new ArrayList<>();
    if (outputs.get("classes") instanceof TString classes
        && outputs.get("scores") instanceof TFloat32 scores && scores.rank() == 2) {
      NdArray<String> names = classes.get(0);
      int best = 0;
      for (int c = 1; c < scores.shape().size(1); c++) {
        if (scores.getFloat(0, c) > scores.getFloat(0, best)) {
          best = c;
        }
      }
      parts.add(String.format(Locale.ROOT, "top class '%s' (%.4f)", names.getObject(best),
          scores.getFloat(0, best)));
    }
    outputs.forEach((key, t) -> parts.add(key + "=" + firstRow(t)));
    return String.join(", ", parts);
  }

  private static String firstRow(Tensor t) {
    NdArray<?> row = t instanceof TString s ? s.get(0) : ((NdArray<?>) t).get(0);
    List<String> values = new ArrayList<>();
    long total = row.size();
    row.scalars().forEach(scalar -> {
      if (values.size() < SHOWN) {
        Object v = scalar.getObject();
        values.add(v instanceof String s ? "'" + s + "'"
            : v instanceof Float f ? String.format(Locale.ROOT, "%.4g", f) : String.valueOf(v));
      }
    });
    String shown = String.join(", ", values) + (total > SHOWN ? ", ... (" + total + ")" : "");
    return row.rank() == 0 ? shown : "[" + shown + "]";
  }
}
