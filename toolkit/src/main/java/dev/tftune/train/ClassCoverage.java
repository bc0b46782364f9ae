package dev.tftune.train;

import dev.tftune.TftuneException;
import dev.tftune.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which classes a classifier's data has examples of, checked before training: one class
 * trains a head that answers it to everything with loss 0, and label ids far beyond the
 * classes seen (an IDX label of 200 among digits) make a head with as many outputs.
 */
final class ClassCoverage {
  private static final Logger LOG = LoggerFactory.getLogger(ClassCoverage.class);
  /** Empty classes at most shown by name in the warning. */
  private static final int SHOWN = 10;

  private ClassCoverage() {}

  /**
   * Refuses data with fewer than two classes of examples, and logs {@link #warning}.
   *
   * @throws TftuneException when every example is of one class
   */
  static void check(Dataset data) {
    warning(data).ifPresent(LOG::warn);
  }

  /**
   * What to warn of in a classifier's data: classes without examples, or label ids far beyond
   * the classes that have them.
   *
   * @throws TftuneException when every example is of one class
   */
  static Optional<String> warning(Dataset data) {
    List<String> names = data.classNames();
    long[] counts = new long[names.size()];
    for (int i = 0; i < data.size(); i++) {
      counts[data.label(i)]++;
    }
    List<String> empty = new ArrayList<>();
    int seen = 0;
    int highest = -1;
    for (int c = 0; c < counts.length; c++) {
      if (counts[c] == 0) {
        empty.add(names.get(c));
      } else {
        seen++;
        highest = c;
      }
    }
    if (seen < 2) {
      throw new TftuneException("every example of the data is of class '"
          + (highest < 0 ? "?" : names.get(highest)) + "': a classifier trained on it answers "
          + "that class to everything", "give examples of at least 2 classes (a folder per "
          + "class, or a label column with 2 or more values)");
    }
    if (empty.isEmpty()) {
      return Optional.empty();
    }
    if (names.size() > 2 * seen && empty.size() > SHOWN) {
      return Optional.of("the head gets " + names.size() + " outputs for " + seen + " classes "
          + "with examples: label ids go up to " + names.get(names.size() - 1) + " ("
          + empty.size() + " classes have none); check the labels, or renumber them from 0");
    }
    return Optional.of((empty.size() == 1 ? "class " + empty + " has" : "classes " + empty
        + " have") + " no training examples, so the head will never learn to predict "
        + (empty.size() == 1 ? "it" : "them"));
  }
}
