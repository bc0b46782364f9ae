package dev.tftune.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** How examples are grouped into batches for inference. */
public final class Batches {
  private Batches() {}

  /**
   * Every example once, in batches of at most {@code batchSize}. Data padded per batch
   * ({@link Dataset#length} positive) is sorted by length first, so each batch carries little
   * padding; callers put results back by the indices.
   */
  public static List<int[]> forInference(Dataset data, int batchSize) {
    int[] all = new int[data.size()];
    Arrays.setAll(all, i -> i);
    if (data.size() > 0 && data.length(0) > 0) {
      all = sortedByLength(data, all);
    }
    List<int[]> batches = new ArrayList<>();
    for (int from = 0; from < all.length; from += batchSize) {
      batches.add(Arrays.copyOfRange(all, from, Math.min(from + batchSize, all.length)));
    }
    return batches;
  }

  /** The indices ordered by their examples' length (stable for equal lengths). */
  public static int[] sortedByLength(Dataset data, int[] indices) {
    return Arrays.stream(indices).boxed().sorted(Comparator.comparingInt(data::length))
        .mapToInt(Integer::intValue).toArray();
  }
}
