package dev.tftune.train;

import dev.tftune.TftuneException;
import dev.tftune.data.Dataset;
import dev.tftune.graph.FrozenBoundary;
import dev.tftune.graph.GraphVariable;
import dev.tftune.graph.Graphs;
import dev.tftune.head.DenseHead;
import dev.tftune.head.HeadGraph;
import dev.tftune.head.Pooling;
import dev.tftune.head.Standardization;
import dev.tftune.savedmodel.BaseModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * What a fine-tuning run adds to the base model's graph, built once before the first step: the
 * data's inputs bound to the signature, the feature tensor and its shape, the head, the base
 * variables that train (checked to lie on the path to the features), BatchNorm's statistic
 * updates, the training ops and the serving outputs.
 */
final class FineTuningGraph {
  private static final Logger LOG = LoggerFactory.getLogger(FineTuningGraph.class);
  /** Below this batch size, training BatchNorm variables draws a warning. */
  private static final int MIN_BATCH_NORM_BATCH = 8;

  final BaseModel base;
  final BaseInputs inputs;
  final String featureName;
  final Output<TFloat32> baseFeatures;
  final long[] featureShape;
  final HeadGraph head;
  final List<GraphVariable> trainedBase;
  /** How each trained variable learns: its rate multiplier and first epoch. */
  final ParameterGroups groups;
  /** BatchNorm's moving-statistics updates (mode UPDATE), run with every training step. */
  final List<Op> statisticUpdates;
  /** The moving statistics those updates write. */
  final List<GraphVariable> movingStatistics = new ArrayList<>();
  /** Whether the base is frozen and its features are computed once, then fed. */
  final boolean cachedFeatures;
  final Objective objective;
  final TrainingGraph training;
  final TrainingGraph.Serving serving;
  /** The head's pooled input computed through the base, for the feature cache. */
  final Output<TFloat32> pooledBase;
  /** The one tensor leading from frozen layers into trained ones, or null (see the log). */
  final Output<TFloat32> frozenBoundary;
  /** The pooled features, as cached features are computed and shared. */
  private final CachedFeatures.Source source;
  private final FeatureStore store;
  /** Frozen-base features on disk; null for none. */
  private final FeatureCache diskCache;

  private FineTuningGraph(FineTuner config, Dataset data, int[] trainIdx, FeatureStore store) {
    base = config.base();
    inputs = BaseInputs.bind(base, data);
    featureName = config.features();
    baseFeatures = FeatureExtractor.floatTensor(base, featureName);
    featureShape = featureShape(data);
    this.store = store;
    this.diskCache = config.featureCache();
    // helper runs (a search's candidates, a range test's sweeps) keep out of "tftune", so the
    // run that follows them exports its head as tftune/head/...
    Ops tf = Ops.create(base.graph()).withSubScope(Graphs.uniqueScope(base.graph(),
        config.isHelper() ? "tftune_trial" : "tftune"));
    List<FineTuner.TrainedBaseVariable> selected = config.trainedBase();
    Map<String, Integer> firstEpochs = new LinkedHashMap<>();
    selected.forEach(v -> firstEpochs.put(v.info().name(), v.firstEpoch()));
    trainedBase = selected.stream().map(v -> v.info().in(base.graph())).toList();
    groups = new ParameterGroups(config.multiplierPatterns(), config.multipliers(),
        config.baseRateFactor(), firstEpochs);
    checkOnPath();
    warnOnSmallBatchNormBatches(config.batchSize());
    cachedFeatures = trainedBase.isEmpty() && !data.randomized();
    if (trainedBase.isEmpty() && data.randomized()) {
      LOG.info("the data is augmented: the base runs on every batch (no feature cache)");
    }
    Pooling pooling = config.head().pooling();
    pooledBase = pooling.apply(tf.withSubScope("features"), baseFeatures, featureShape)
        .asOutput();
    source = new CachedFeatures.Source(base, inputs, pooledBase,
        Math.toIntExact(pooling.outputDim(featureShape)),
        featureName + " " + pooling + " " + Arrays.toString(featureShape));
    head = HeadGraph.create(tf.withSubScope("head"), config.head(), featureShape,
        data.classNames().size(), config.seed(), standardization(config, data, trainIdx),
        logitBias(config, data, trainIdx));
    if (config.batchNorm() == BatchNormMode.UPDATE) {
      statisticUpdates = BatchNormUpdates.build(tf.withSubScope("batch_norm"), base,
          new HashSet<>(trainedBaseVariables()), movingStatistics);
      LOG.info("BatchNorm: {} layers normalize with batch statistics while training and "
          + "update their moving statistics (momentum {}); the others use their moving "
          + "statistics", statisticUpdates.size() / 2, BatchNormUpdates.MOMENTUM);
    } else {
      statisticUpdates = List.of();
    }
    frozenBoundary = !cachedFeatures && !trainedBase.isEmpty()
        && config.cachesFrozenActivations() && !data.randomized() && statisticUpdates.isEmpty()
        ? findFrozenBoundary() : null;
    objective = config.objective();
    training = new TrainingGraph(base.graph(), tf, head, baseFeatures, cachedFeatures,
        trainedBase, config.objective(), config.optimizer(), config.clipNorm(),
        groups);
    serving = TrainingGraph.Serving.build(tf, head, baseFeatures, config.objective());
  }

  /**
   * The z-scoring of cached features, from the training split's examples (the base runs over
   * the training data here, once); null when the head does not standardize or features are
   * not cached.
   */
  private Standardization standardization(FineTuner config, Dataset data, int[] trainIdx) {
    DenseHead spec = config.head();
    if (!spec.standardized()) {
      return null;
    }
    if (!cachedFeatures) {
      config.say("features not standardized: they are not cached (the base trains or the data "
          + "is augmented)");
      return null;
    }
    Standardization s = Standardization.of(features(data).values(), source.dim(), trainIdx);
    config.say("features standardized with the mean and standard deviation of the {} training "
        + "examples (kept in the head's graph)", trainIdx.length);
    return s;
  }

  /**
   * The output layer's initial biases: a regression's training-target means, or a classifier's
   * log class shares (see DenseHead.priorBias); null for zeros.
   */
  private static float[] logitBias(FineTuner config, Dataset data, int[] trainIdx) {
    if (!config.objective().classifies()) {
      // a regression starts from the mean as a fitted intercept would: targets far from zero
      // (prices, counts) otherwise spend the first epochs moving the bias there
      return HeadGraph.meanTargets(data, trainIdx);
    }
    if (!config.head().priorBias()) {
      return null;
    }
    if (config.objective().predictsLabelSets()) {
      return HeadGraph.logOdds(data, trainIdx);
    }
    long[] counts = new long[data.classNames().size()];
    for (int i : trainIdx) {
      counts[data.label(i)]++;
    }
    ClassWeights weights = config.classWeights();
    return HeadGraph.priorBias(counts, weights.isNone() ? null : weights.resolve(data, trainIdx));
  }

  /** The cached features of a dataset, computed through the base the first time. */
  CachedFeatures features(Dataset data) {
    return store.of(source, data, diskCache);
  }

  /**
   * Adds the ops to the base model's graph and initializes the head and the optimizer's slots.
   *
   * @param data the training data, whose inputs the graph binds
   * @param trainIdx the examples of {@code data} that train (standardization's statistics)
   * @param store where cached features are kept, shared with other fits or not
   * @throws TftuneException for data that does not fit the model, or variables that cannot be
   *     trained
   */
  static FineTuningGraph build(FineTuner config, Dataset data, int[] trainIdx,
      FeatureStore store) {
    FineTuningGraph graph = new FineTuningGraph(config, data, trainIdx, store);
    Session.Runner init = graph.base.session().runner();
    graph.training.initializers.forEach(init::addTarget);
    init.run().close();
    return graph;
  }

  /**
   * Every variable training changes: the head, the trained base variables, BatchNorm's moving
   * statistics and the optimizer's slots; what a checkpoint holds.
   */
  List<GraphVariable> stateVariables() {
    List<GraphVariable> all = new ArrayList<>(head.variables());
    all.addAll(trainedBase);
    all.addAll(movingStatistics);
    all.addAll(training.slots);
    return all;
  }

  List<String> trainedBaseVariables() {
    return trainedBase.stream().map(GraphVariable::name).toList();
  }

  /** The parameter groups, as the log says them: "2 variables x1 from epoch 1; ...". */
  String describeGroups() {
    return String.join("; ", training.groups.stream().map(g -> g.variables() + " variables x"
        + g.key().multiplier() + " from epoch " + g.key().firstEpoch()).toList());
  }

  /** How batches meet the graph's batch dimension, as the log and the history say it. */
  String batchHandling() {
    return base.fixedBatch() > 0
        ? "padded to the fixed batch of " + base.fixedBatch() + ", padding masked out"
        : "dynamic batch";
  }

  String describeFeatures() {
    return featureName + " " + Arrays.toString(featureShape) + " -> " + head.inputDim();
  }

  /**
   * The shape of one example's features: static in the graph when it is known (so a frozen base
   * runs exactly once per example), else found by running one example.
   */
  private long[] featureShape(Dataset data) {
    Shape known = baseFeatures.shape();
    if (!known.isUnknown() && known.numDimensions() >= 2) {
      long[] dims = perExample(known);
      if (Arrays.stream(dims).allMatch(d -> d > 0)) {
        return dims;
      }
    }
    try {
      Shape s = inputs.run(data, new int[] {0}, baseFeatures).shape();
      if (s.numDimensions() < 1) {
        throw new TftuneException("feature tensor " + featureName + " is a scalar",
            "choose a tensor with a batch dimension");
      }
      return perExample(s);
    } catch (TftuneException e) {
      throw e;
    } catch (RuntimeException e) {
      throw StepRunner.dataError(e);
    }
  }

  private static long[] perExample(Shape shape) {
    long[] dims = new long[shape.numDimensions() - 1];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = shape.size(i + 1);
    }
    return dims;
  }

  private void checkOnPath() {
    Set<String> upstream = new HashSet<>();
    List<GraphOperation> queue = new ArrayList<>(List.of((GraphOperation) baseFeatures.op()));
    while (!queue.isEmpty()) {
      GraphOperation op = queue.remove(queue.size() - 1);
      if (upstream.add(op.name())) {
        for (int i = 0; i < op.numInputs(); i++) {
          queue.add((GraphOperation) op.input(i).op());
        }
      }
    }
    for (GraphVariable v : trainedBase) {
      if (!upstream.contains(v.name())) {
        throw new TftuneException("variable " + v.name() + " is not on the path to the "
            + "features " + featureName, "train only variables that come before "
            + featureName);
      }
    }
  }

  /**
   * BatchNorm layers run with their moving statistics (inference mode) whatever trains, but
   * their gamma and beta learn from batch gradients, which are noisy for tiny batches.
   */
  private void warnOnSmallBatchNormBatches(int batch) {
    List<String> norms = trainedBase.stream().map(GraphVariable::name)
        .filter(n -> n.toLowerCase(Locale.ROOT).matches(".*batch_?norm.*")).toList();
    if (!norms.isEmpty() && batch < MIN_BATCH_NORM_BATCH) {
      LOG.warn("{} BatchNorm variables train with batches of {} (fewer than {}): their updates "
          + "will be noisy; use a batch size of {} or more", norms.size(), batch,
          MIN_BATCH_NORM_BATCH, MIN_BATCH_NORM_BATCH);
    }
  }

  /**
   * The float tensor through which frozen layers feed the layers that train, when there is
   * exactly one; null otherwise (said in the log).
   */
  private Output<TFloat32> findFrozenBoundary() {
    Set<String> trained = new HashSet<>(trainedBaseVariables());
    List<String> all = base.variables().stream().map(v -> v.name()).toList();
    List<String> inputOps = inputs.signatureInputs().values().stream()
        .map(o -> o.op().name()).toList();
    // integer tensors at the boundary are shapes: recomputed from the inputs (or from the fed
    // activations), they need no cache
    org.tensorflow.proto.GraphDef graph = base.graph().toGraphDef();
    List<String> boundary = FrozenBoundary.tensors(graph, trained, all, inputOps,
        baseFeatures.op().name()).stream()
        .filter(t -> base.graph().output(t).type() == TFloat32.class).toList();
    if (boundary.isEmpty()) {
      return null;
    }
    var source = FrozenBoundary.source(graph, boundary);
    if (source.isEmpty()) {
      LOG.info("frozen layers: computed on every step ({} tensors lead from them to the "
          + "layers that train: {})", boundary.size(), boundary.size() <= 3 ? boundary
          : boundary.subList(0, 3) + " and " + (boundary.size() - 3) + " more");
      return null;
    }
    @SuppressWarnings("unchecked")
    Output<TFloat32> floats = (Output<TFloat32>) base.graph().output(source.get());
    return floats;
  }
}
