package dev.tftune.train;

import dev.tftune.data.Dataset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Frozen-base features in memory, shared by the fits that compute the same ones (the same
 * feature tensor and pooling of the same base, over the same datasets): a head search or a
 * learning-rate range test runs the base once per dataset, however many heads it trains. A fit
 * of its own keeps its features in a store of its own.
 */
final class FeatureStore {
  private final Map<String, List<CachedFeatures>> byKey = new HashMap<>();

  /**
   * The features of a dataset, computed (or read from the on-disk {@code cache}, which may be
   * null) the first time they are asked for. The datasets are numbered in that order, the
   * training data first, for the on-disk cache's file names.
   */
  CachedFeatures of(CachedFeatures.Source source, Dataset data, FeatureCache cache) {
    List<CachedFeatures> known = byKey.computeIfAbsent(source.key(), k -> new ArrayList<>());
    for (CachedFeatures c : known) {
      if (c.of(data)) {
        return c;
      }
    }
    CachedFeatures c = CachedFeatures.of(source, data, cache, known.size());
    known.add(c);
    return c;
  }
}
