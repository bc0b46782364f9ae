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
import org.tensorflow.op.core.PlaceholderWithDefault;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The ops a training run adds to the base model's graph: the objective's loss and hits over
 * weighted examples (weight 0 masks padding rows), gradients and the optimizer's update.
 */
final class TrainingGraph {
  final Operand<?> labels;
  final Placeholder<TFloat32> weights;
  /** Each example's class weight in the training loss; ones unless fed. */
  final PlaceholderWithDefault<TFloat32> classWeights;
  final Placeholder<TFloat32> learningRate;
  final Placeholder<TFloat32> step;
  /** Features fed from the cache; null when training runs through the base. */
  final Placeholder<TFloat32> cachedFeatures;
  final Operand<TFloat32> loss;
  final Operand<TFloat32> correct;
  final Operand<TFloat32> evalLoss;
  final Operand<TFloat32> evalCorrect;
  /** The objective's class probabilities (a regression's predictions) while evaluating. */
  final Output<TFloat32> evalProbabilities;
  final Op update;
  final List<Op> initializers = new ArrayList<>();
  /** The optimizer's state variables. */
  final List<GraphVariable> slots = new ArrayList<>();
  /** The parameter groups, the head's first. */
  final List<Group> groups = new ArrayList<>();

  TrainingGraph(Graph graph, Ops tf, HeadGraph head, Operand<TFloat32> baseFeatures,
      boolean cached, List<GraphVariable> trained, Objective objective, Optimizer optimizer,
      float clipNorm, ParameterGroups parameterGroups) {
    labels = objective.labels(tf);
    weights = tf.withName("weights").placeholder(TFloat32.class,
        Placeholder.shape(Shape.of(-1)));
    learningRate = tf.withName("learning_rate").placeholder(TFloat32.class,
        Placeholder.shape(Shape.scalar()));
    step = tf.withName("step").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    classWeights = tf.withName("class_weights").placeholderWithDefault(tf.onesLike(weights),
        Shape.of(-1));
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
    // weighted by class, averaged over the real examples (Keras' class_weight)
    Operand<TFloat32> dataLoss = weightedMean(train,
        train.math.mul(objective.loss(train, logits, labels), classWeights));
    Operand<TFloat32> penalty = head.penalty(train.withSubScope("l2"));
    loss = penalty == null ? dataLoss : train.math.add(dataLoss, penalty);
    correct = weightedSum(train, objective.hits(train, logits, labels));
    Ops eval = tf.withSubScope("eval");
    Operand<TFloat32> evalLogits = head.logits(eval, pooled);
    evalLoss = weightedMean(eval, objective.loss(eval, evalLogits, labels));
    evalCorrect = weightedSum(eval, objective.hits(eval, evalLogits, labels));
    evalProbabilities = Serving.scores(objective, objective.servingOutputs(eval, evalLogits));

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
    Map<ParameterGroups.Key, List<Integer>> split = parameterGroups.split(all, headCount);
    List<Op> applies = new ArrayList<>();
    int n = 0;
    for (Map.Entry<ParameterGroups.Key, List<Integer>> g : split.entrySet()) {
      List<GraphVariable> vars = g.getValue().stream().map(all::get).toList();
      List<Operand<TFloat32>> groupGradients = new ArrayList<>();
      for (int i : g.getValue()) {
        groupGradients.add(gradients.get(i));
      }
      // the first group keeps the plain scope: one group is what most runs have
      Ops scope = tf.withSubScope(n == 0 ? "optimizer" : "optimizer_group" + n);
      Operand<TFloat32> rate = g.getKey().multiplier() == 1f ? learningRate
          : tf.math.mul(learningRate, tf.constant(g.getKey().multiplier()));
      Optimizer.Update u = optimizer.build(scope, vars, groupGradients, rate, step);
      initializers.addAll(u.slotInitializers());
      slots.addAll(u.slots());
      applies.add(u.apply());
      groups.add(new Group(g.getKey(), u.apply(), vars.size()));
      n++;
    }
    update = applies.size() == 1 ? applies.get(0)
        : tf.withControlDependencies(applies).noOp();
  }

  /** A parameter group's update op, and how many variables it updates. */
  record Group(ParameterGroups.Key key, Op apply, int variables) {}

  /** The update ops of the groups that train in {@code epoch}. */
  List<Op> updates(int epoch) {
    return groups.stream().filter(g -> g.key().firstEpoch() <= epoch).map(Group::apply)
        .toList();
  }

  /**
   * The inference outputs on the base model's features, for serving: the objective's outputs
   * by signature key, and among them the scores (a classifier's probabilities, a regression's
   * predictions) that predictions and export checks read.
   */
  record Serving(Map<String, Output<?>> outputs, Output<TFloat32> scores) {
    static Serving build(Ops tf, HeadGraph head, Operand<TFloat32> baseFeatures,
        Objective objective) {
      Ops serve = tf.withSubScope("serving");
      Operand<TFloat32> logits = head.logits(serve, head.pool(serve, baseFeatures));
      Map<String, Output<?>> outputs = objective.servingOutputs(serve, logits);
      return new Serving(Map.copyOf(outputs), scores(objective, outputs));
    }

    /** The probabilities or predictions among an objective's outputs. */
    @SuppressWarnings("unchecked")
    static Output<TFloat32> scores(Objective objective, Map<String, Output<?>> outputs) {
      Output<?> scores = outputs.containsKey(Classification.PROBABILITIES)
          ? outputs.get(Classification.PROBABILITIES) : outputs.get(Regression.PREDICTIONS);
      if (scores == null) {
        // predict, evaluate and the exporter's check read one of these two
        throw new dev.tftune.ConfigurationException("the objective " + objective
            + " serves " + outputs.keySet() + ", neither probabilities nor predictions",
            "give the objective a probabilities or a predictions output");
      }
      return (Output<TFloat32>) scores;
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
