/**
 * The update rules tftune implements itself, over ref and resource variables alike: SGD,
 * momentum (optionally Nesterov), Adam and AdamW, created through {@link Optimizers} with Keras'
 * defaults, and the {@link LearningRateSchedule}s that set each step's rate. The learning rate
 * and the step number are tensors fed on every step, so a schedule changes nothing in the graph.
 * Gradients, and their clipping, belong to the training graph in {@code dev.tftune.train}.
 */
package dev.tftune.optimizer;
