package dev.tftune.train;

/**
 * How BatchNorm layers behave while training, a setting apart from which variables train.
 * Evaluation and exports always use the moving statistics.
 */
public enum BatchNormMode {
  /**
   * Every BatchNorm layer normalizes with its moving statistics, also where its gamma and beta
   * train: the default, and what a frozen base needs.
   */
  INFERENCE,
  /**
   * BatchNorm layers whose gamma trains normalize with batch statistics while training and
   * update their moving statistics (momentum {@value BatchNormUpdates#MOMENTUM}); the others
   * stay in inference mode. Needs the model loaded with the
   * {@link dev.tftune.graph.BatchNormSwitch} rewrite.
   */
  UPDATE
}
