package dev.tftune.train;

import java.util.List;

/**
 * What a run of {@link FineTuner#fit} did.
 *
 * @param epochs metrics per epoch, in order
 * @param cachedFeatures true when the base was frozen and its features were computed once
 * @param baseExamplesRun how many examples went through the base model's whole forward pass
 *     (the dataset size once when features are cached, or when the output of frozen layers
 *     below unfrozen ones is kept)
 * @param batchHandling how batches met the graph's batch dimension, as logged
 */
public record TrainingHistory(List<EpochMetrics> epochs, boolean cachedFeatures,
    long baseExamplesRun, String batchHandling) {

  public TrainingHistory {
    epochs = List.copyOf(epochs);
  }

  public EpochMetrics last() {
    return epochs.get(epochs.size() - 1);
  }
}
