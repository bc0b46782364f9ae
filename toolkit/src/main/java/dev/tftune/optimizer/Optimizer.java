package dev.tftune.optimizer;

import dev.tftune.graph.GraphVariable;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * An update rule over ref and resource variables alike. Implementations are immutable
 * configuration; {@link #build} adds the update ops to a graph. The learning rate and the step
 * number are tensors fed on every step, so schedules need no graph change.
 */
public interface Optimizer {

  /** Short name, as the command line spells it. */
  String name();

  /** The learning rate fed when no schedule changes it. */
  float learningRate();

  /** The same optimizer with another learning rate (a search's candidate, a found rate). */
  Optimizer withLearningRate(float learningRate);

  /**
   * Adds the ops of one update step.
   *
   * @param tf ops scoped where the optimizer's slots should live
   * @param variables the variables to update
   * @param gradients one gradient per variable, same shape
   * @param learningRate scalar fed each step
   * @param step the 1-based step number, a float scalar fed each step
   * @return the update op, and the slots it created with their initializers
   */
  Update build(Ops tf, List<GraphVariable> variables, List<Operand<TFloat32>> gradients,
      Operand<TFloat32> learningRate, Operand<TFloat32> step);

  /**
   * The ops an optimizer adds: one to run each step, ones to run once before the first, and the
   * state variables (moments, accumulators) the step keeps, which a checkpoint must save to
   * resume exactly.
   *
   * @param slots the optimizer's state variables, in creation order
   */
  record Update(Op apply, List<Op> slotInitializers, List<GraphVariable> slots) {
    public Update {
      slotInitializers = List.copyOf(slotInitializers);
      slots = List.copyOf(slots);
    }
  }
}
