/**
 * Fine-tuning: {@link FineTuner} holds a run's configuration and its epoch loop and returns a
 * {@link TrainedModel}, which predicts, evaluates and hands its serving endpoints to an exporter.
 * Behind it, {@code FineTuningGraph} is what a run adds to the base model's graph,
 * {@code StepRunner} runs steps and evaluation batches from cached features, kept frozen-layer
 * output or the data's own inputs, and {@code EpochPlan} decides the batch order in pure Java
 * from the seed and the epoch. A {@link TrainingPlan} selects which base variables train, and
 * {@link FeatureExtractor} computes a base tensor for every example without training.
 */
package dev.tftune.train;
