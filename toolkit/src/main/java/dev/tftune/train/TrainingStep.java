package dev.tftune.train;

import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.types.TFloat32;

/**
 * The ops one training step of a {@link TrainedModel} feeds and runs, in the base model's
 * session. Training never needs it: it exists so that a benchmark can drive the very graph the
 * tuner trained with through a plain session runner, and so measure what the tuner's own
 * per-step work costs. The base model's inputs are {@link TrainedModel#endpoints()}'s.
 *
 * <p>A step feeds the features (the cached features, or the base model's inputs when the base
 * runs), {@code labels}, {@code weights} (1 per example), {@code learningRate} and
 * {@code step} (counted from 1), fetches {@code loss} and {@code correct} and targets
 * {@code update}.
 *
 * @param cachedFeatures the placeholder of cached features, or null when the base runs on each
 *     step
 */
public record TrainingStep(Operand<TFloat32> cachedFeatures, Operand<?> labels,
    Operand<TFloat32> weights, Operand<TFloat32> learningRate, Operand<TFloat32> step,
    Operand<TFloat32> loss, Operand<TFloat32> correct, Op update) {}
