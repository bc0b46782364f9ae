package dev.tftune.train;

/**
 * What one training step or one evaluation pass over a batch measured.
 *
 * @param loss mean loss over the batch's examples
 * @param correct examples classified right
 * @param examples examples in the batch (padding rows not counted)
 */
record StepResult(double loss, double correct, int examples) {

  /** The mean over several batches, weighted by their examples. */
  static StepResult combine(Iterable<StepResult> parts) {
    double loss = 0;
    double correct = 0;
    int n = 0;
    for (StepResult p : parts) {
      loss += p.lossSum();
      correct += p.correct;
      n += p.examples;
    }
    return new StepResult(n == 0 ? 0 : loss / n, correct, n);
  }

  /**
   * The loss summed over the examples. A step's loss comes from a float32 tensor: the product is
   * taken in float, as it always was, so epoch figures stay bit for bit what they were.
   */
  double lossSum() {
    return (float) loss * examples;
  }

  double accuracy() {
    return examples == 0 ? 0 : correct / examples;
  }
}
