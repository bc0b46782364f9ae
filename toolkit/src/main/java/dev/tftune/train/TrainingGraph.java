package dev.tftune.train;

import dev.tftune.TftuneException;
import dev.tftune.graph.GraphVariable;
import dev.tftune.head.HeadGraph;
import dev.tftune.optimizer.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The ops a training run adds to the base model's graph: the objective's loss and hits over
 * weighted examples (weight 0 masks padding rows), gradients and the optimizer's update.
 */
final class TrainingGraph {
  final Operand<?> labels;
  final Placeholder<TFloat32> weights;
  final Placeholder<TFloat32> learningRate;
  final Placeholder<TFloat32> step;
  /** Features fed from the cache; null when training runs through the base. */
  final Placeholder<TFloat32> cachedFeatures;
  final Operand<TFloat32> loss;
  final Operand<TFloat32> correct;
  final Operand<TFloat32> evalLoss;
  final Operand<TFloat32> evalCorrect;
  final Op update;
  final List<Op> initializers = new ArrayList<>();
  /** The optimizer's state variables. */
  final List<GraphVariable> slots = new ArrayList<>();

  TrainingGraph(Graph graph, Ops tf, HeadGraph head, Operand<TFloat32> baseFeatures,
      boolean cached, List<GraphVariable> trained, Objective objective, Optimizer optimizer,
      float clipNorm, float baseRateFactor) {
    labels = objective.labels(tf);
    weights = tf.withName("weights").placeholder(TFloat32.class,
        Placeholder.shape(Shape.of(-1)));
    learningRate = tf.withName("learning_rate").placeholder(TFloat32.class,
        Placeholder.shape(Shape.scalar()));
    step = tf.withName("step").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    Operand<TFloat32> pooled;
    if (cached) {
      cachedFeatures = tf.withName("cached_features").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, head.inputDim())));
      pooled = cachedFeatures;
    } else {
      cachedFeatures = null;
      pooled = head.pool(tf.withSubScope("pool"), baseFeatures);
    }
    Ops train = tf.withSubScope("train");
    Operand<TFloat32> logits = head.trainingLogits(train, pooled, step);
    loss = weightedMean(train, objective.loss(train, logits, labels));
    correct = weightedSum(train, objective.hits(train, logits, labels));
    Ops eval = tf.withSubScope("eval");
    Operand<TFloat32> evalLogits = head.logits(eval, pooled);
    evalLoss = weightedMean(eval, objective.loss(eval, evalLogits, labels));
    evalCorrect = weightedSum(eval, objective.hits(eval, evalLogits, labels));

    List<GraphVariable> all = new ArrayList<>(head.variables());
    all.addAll(trained);
    Output<?>[] targets = all.stream().map(GraphVariable::gradientTarget).toArray(Output[]::new);
    Output<?>[] grads;
    try {
      grads = graph.addGradients(tf.scope().makeOpName("gradients"),
          new Output<?>[] {loss.asOutput()}, targets, null);
    } catch (RuntimeException e) {
      throw new TftuneException("cannot differentiate the path to the trained variables: "
          + TftuneException.firstLine(e.getMessage()),
          "train fewer base variables (see missingGradients in the model's inspection)", e);
    }
    List<Operand<TFloat32>> gradients = new ArrayList<>();
    for (int i = 0; i < grads.length; i++) {
      if (grads[i] == null) {
        throw new TftuneException("variable " + all.get(i).name() + " does not influence the "
            + "loss", "train only variables that come before the feature tensor");
      }
      @SuppressWarnings("unchecked")
      Operand<TFloat32> g = (Operand<TFloat32>) grads[i];
      gradients.add(g);
    }
    if (clipNorm > 0) {
      gradients = clipByGlobalNorm(tf.withSubScope("clip"), gradients, clipNorm);
    }
    int headCount = head.variables().size();
    initializers.addAll(head.initializers());
    if (baseRateFactor == 1f || trained.isEmpty()) {
      Optimizer.Update u = optimizer.build(tf.withSubScope("optimizer"), all, gradients,
          learningRate, step);
      update = u.apply();
      initializers.addAll(u.slotInitializers());
      slots.addAll(u.slots());
    } else {
      // two parameter groups: the new head at the fed rate, the pretrained base at a fraction
      Optimizer.Update h = optimizer.build(tf.withSubScope("optimizer"),
          all.subList(0, headCount), gradients.subList(0, headCount), learningRate, step);
      Operand<TFloat32> baseRate = tf.math.mul(learningRate, tf.constant(baseRateFactor));
      Optimizer.Update b = optimizer.build(tf.withSubScope("optimizer_base"),
          all.subList(headCount, all.size()), gradients.subList(headCount, all.size()),
          baseRate, step);
      update = tf.withControlDependencies(List.of(h.apply(), b.apply())).noOp();
      initializers.addAll(h.slotInitializers());
      initializers.addAll(b.slotInitializers());
      slots.addAll(h.slots());
      slots.addAll(b.slots());
    }
  }

  /** The inference outputs on the base model's features, for serving. */
  record Serving(Output<TFloat32> probabilities, Output<TInt64> classes) {
    @SuppressWarnings("unchecked")
    static Serving build(Ops tf, HeadGraph head, Operand<TFloat32> baseFeatures,
        Objective objective) {
      Ops serve = tf.withSubScope("serving");
      Operand<TFloat32> logits = head.logits(serve, head.pool(serve, baseFeatures));
      Map<String, Output<?>> outputs = objective.servingOutputs(serve, logits);
      if (!outputs.containsKey(Classification.PROBABILITIES)
          || !outputs.containsKey(Classification.CLASSES)) {
        // the exporter and ExportedModel read these two; other tasks' outputs come with them
        throw new dev.tftune.ConfigurationException("the objective " + objective
            + " serves " + outputs.keySet() + ", not probabilities and classes",
            "give the objective probabilities and classes outputs");
      }
      return new Serving((Output<TFloat32>) outputs.get(Classification.PROBABILITIES),
          (Output<TInt64>) outputs.get(Classification.CLASSES));
    }
  }

  /**
   * Scales all gradients by {@code clip / max(norm, clip)}, where norm is their joint L2 norm:
   * the direction of the step is kept, only its length is capped.
   */
  private static List<Operand<TFloat32>> clipByGlobalNorm(Ops tf,
      List<Operand<TFloat32>> gradients, float clip) {
    Operand<TFloat32> sumSquares = null;
    for (Operand<TFloat32> g : gradients) {
      Operand<TFloat32> s = tf.reduceSum(tf.math.square(g), tf.range(tf.constant(0),
          tf.rank(g), tf.constant(1)));
      sumSquares = sumSquares == null ? s : tf.math.add(sumSquares, s);
    }
    Operand<TFloat32> limit = tf.constant(clip);
    Operand<TFloat32> scale = tf.math.div(limit,
        tf.math.maximum(tf.math.sqrt(sumSquares), limit));
    List<Operand<TFloat32>> clipped = new ArrayList<>();
    for (Operand<TFloat32> g : gradients) {
      clipped.add(tf.math.mul(g, scale));
    }
    return clipped;
  }

  private Operand<TFloat32> weightedMean(Ops tf, Operand<TFloat32> perExample) {
    Operand<TInt32> axis = tf.constant(0);
    return tf.math.div(tf.sum(tf.math.mul(perExample, weights), axis),
        tf.math.maximum(tf.sum(weights, axis), tf.constant(1e-6f)));
  }

  private Operand<TFloat32> weightedSum(Ops tf, Operand<TFloat32> perExample) {
    return tf.sum(tf.math.mul(perExample, weights), tf.constant(0));
  }
}
