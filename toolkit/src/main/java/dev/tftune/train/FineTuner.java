package dev.tftune.train;

import dev.tftune.TftuneException;
import dev.tftune.data.Batches;
import dev.tftune.data.Dataset;
import dev.tftune.graph.BatchNormSwitch;
import dev.tftune.graph.GraphVariable;
import dev.tftune.graph.FrozenBoundary;
import dev.tftune.graph.Graphs;
import dev.tftune.head.DenseHead;
import dev.tftune.head.HeadGraph;
import dev.tftune.optimizer.LearningRateSchedule;
import dev.tftune.optimizer.Optimizer;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attaches a classifier head to a tensor of a base model and trains it, with the base frozen
 * (features computed once and cached) or with the variables a {@link TrainingPlan} selects
 * unfrozen.
 *
 * <pre>{@code
 * try (BaseModel base = SavedModels.load(dir)) {
 *   FineTuner tuner = FineTuner.builder().base(base).features("resnet_model/final_reduce_mean")
 *       .head(DenseHead.linear()).optimizer(Optimizers.adam(1e-3f)).epochs(5).build();
 *   TrainingHistory history = tuner.fit(data);
 * }
 * }</pre>
 *
 * <p>The tuner adds its ops to the base model's graph and trains the variables in the base
 * model's session: it lives as long as the {@link BaseModel}, which owns the native resources.
 * One tuner trains once.
 */
public final class FineTuner {
  private static final Logger LOG = LoggerFactory.getLogger(FineTuner.class);
  private static final int EXTRACT_BATCH = 64;
  /** Batches per group of examples sorted by length: order stays random across groups. */
  private static final int BUCKET_BATCHES = 20;
  /** Below this batch size, training BatchNorm variables draws a warning. */
  private static final int MIN_BATCH_NORM_BATCH = 8;
  /** Long epochs report their progress this often. */
  private static final long PROGRESS_EVERY_NANOS = 15_000_000_000L;

  private final BaseModel base;
  private final String features;
  private final DenseHead headSpec;
  private final TrainingPlan plan;
  private final Optimizer optimizer;
  private final LearningRateSchedule schedule;
  private final float clipNorm;
  private final BatchNormMode batchNorm;
  private final Float baseLearningRate;
  private final int epochs;
  private final int batchSize;
  private final long seed;
  private final double validationSplit;
  private final boolean cacheFrozenActivations;

  private BaseInputs inputs;
  private HeadGraph head;
  private TrainingGraph training;
  private TrainingGraph.Serving serving;
  private Output<TFloat32> pooledBase;
  private List<GraphVariable> trainedBase = List.of();
  private List<Op> statisticUpdates = List.of();
  private List<String> classNames;
  private ActivationCache activations;

  private FineTuner(Builder b) {
    this.base = Objects.requireNonNull(b.base, "base model is required");
    this.features = Objects.requireNonNull(b.features, "feature tensor is required");
    this.headSpec = b.head;
    this.plan = b.plan;
    this.optimizer = b.optimizer;
    this.schedule = b.schedule;
    this.clipNorm = b.clipNorm;
    this.batchNorm = b.batchNorm;
    this.baseLearningRate = b.baseLearningRate;
    this.epochs = b.epochs;
    this.batchSize = effectiveBatch(b.batchSize, base.fixedBatch());
    this.seed = b.seed;
    this.validationSplit = b.validationSplit;
    this.cacheFrozenActivations = b.cacheFrozenActivations;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Trains on a dataset: a seeded split into training and validation examples, then
   * {@code epochs} passes over shuffled batches (the last batch may be smaller).
   *
   * @throws TftuneException for data that does not fit the model, or variables that cannot be
   *     trained
   */
  public TrainingHistory fit(Dataset data) {
    if (training != null) {
      throw new IllegalStateException("this FineTuner has trained already; build a new one");
    }
    if (data.size() < 2) {
      throw new TftuneException("the training data holds " + data.size() + " examples",
          "give at least 2 labelled examples");
    }
    classNames = data.classNames();
    inputs = BaseInputs.bind(base, data);
    int batch = batchSize;
    String batchHandling = base.fixedBatch() > 0
        ? "padded to the fixed batch of " + base.fixedBatch() + ", padding masked out"
        : "dynamic batch";
    Output<TFloat32> baseFeatures = FeatureExtractor.floatTensor(base, features);
    long[] featureShape = probeFeatureShape(data, baseFeatures);
    Ops tf = Ops.create(base.graph()).withSubScope(Graphs.uniqueScope(base.graph(), "tftune"));
    head = HeadGraph.create(tf.withSubScope("head"), headSpec, featureShape,
        classNames.size(), seed);
    trainedBase = plan.select(base.variables(), base.objectPaths()).stream()
        .map(v -> GraphVariable.of(base.graph(), v)).toList();
    checkOnPath(baseFeatures);
    warnOnSmallBatchNormBatches(batch);
    if (batchNorm == BatchNormMode.UPDATE) {
      statisticUpdates = BatchNormUpdates.build(tf.withSubScope("batch_norm"), base,
          new HashSet<>(trainedBaseVariables()));
      LOG.info("BatchNorm: {} layers normalize with batch statistics while training and "
          + "update their moving statistics (momentum {}); the others use their moving "
          + "statistics", statisticUpdates.size() / 2, BatchNormUpdates.MOMENTUM);
    }
    boolean cached = trainedBase.isEmpty() && !data.randomized();
    if (trainedBase.isEmpty() && data.randomized()) {
      LOG.info("the data is augmented: the base runs on every batch (no feature cache)");
    }
    if (!cached && !trainedBase.isEmpty() && cacheFrozenActivations && !data.randomized()
        && statisticUpdates.isEmpty()) {
      activations = frozenActivations(baseFeatures, data.size());
    }
    training = new TrainingGraph(base.graph(), tf, head, baseFeatures, cached, trainedBase,
        optimizer, clipNorm, baseLearningRate == null ? 1f
            : baseLearningRate / optimizer.learningRate());
    serving = TrainingGraph.Serving.build(tf, head, baseFeatures);
    pooledBase = head.pool(tf.withSubScope("features"), baseFeatures).asOutput();
    runAll(training.initializers);

    int[][] split = split(data.size());
    int[] trainIdx = split[0];
    int[] valIdx = split[1];
    LOG.info("training {} examples, validating on {}; {} classes; features {} {} -> {}; plan: {};"
        + " optimizer {}, schedule {}{}; batch {} ({})", trainIdx.length, valIdx.length,
        classNames.size(), features, Arrays.toString(featureShape), head.inputDim(), plan,
        optimizer, schedule, (clipNorm > 0 ? ", gradients clipped to global norm " + clipNorm : "")
            + (baseLearningRate != null ? ", base learning rate " + baseLearningRate : ""),
        batch, batchHandling);
    float[] cache = null;
    if (cached) {
      LOG.info("base frozen: computing its features once for all {} examples", data.size());
      try {
        cache = FeatureExtractor.of(base, pooledBase).batchSize(EXTRACT_BATCH)
            .extractFlat(data, inputs);
      } catch (IllegalArgumentException | org.tensorflow.exceptions.TensorFlowException e) {
        throw dataError(e);
      }
    }
    List<EpochMetrics> history = new ArrayList<>();
    long step = 0;
    long totalSteps = (long) epochs * ((trainIdx.length + batch - 1) / batch);
    for (int epoch = 1; epoch <= epochs; epoch++) {
      long start = System.nanoTime();
      Random random = new Random(seed * 31 + epoch);
      double lossSum = 0;
      double correct = 0;
      List<int[]> batches = trainingBatches(data, shuffled(trainIdx, random), batch, random);
      long lastLog = System.nanoTime();
      int seen = 0;
      for (int b = 0; b < batches.size(); b++) {
        int[] idx = batches.get(b);
        step++;
        float[] m = run(data, cache, idx, schedule.rate(optimizer.learningRate(), step,
            totalSteps), step);
        lossSum += m[0] * idx.length;
        correct += m[1];
        seen += idx.length;
        if (System.nanoTime() - lastLog > PROGRESS_EVERY_NANOS && b < batches.size() - 1) {
          lastLog = System.nanoTime();
          LOG.info("epoch {}: step {}/{}, loss {}, accuracy {} ({} s)", epoch, b + 1,
              batches.size(), String.format("%.4f", lossSum / seen),
              String.format("%.4f", correct / seen),
              String.format("%.0f", (lastLog - start) / 1e9));
        }
      }
      double valLoss = Double.NaN;
      double valAcc = Double.NaN;
      if (valIdx.length > 0) {
        double[] v = evaluateIndices(data.forEvaluation(), cache, valIdx, batch);
        valLoss = v[0];
        valAcc = v[1];
      }
      EpochMetrics metrics = new EpochMetrics(epoch, lossSum / trainIdx.length,
          correct / trainIdx.length, valLoss, valAcc, (System.nanoTime() - start) / 1e9);
      LOG.info("{}", metrics);
      history.add(metrics);
    }
    return new TrainingHistory(history, cached, inputs.examplesRun(), batchHandling);
  }

  /**
   * A cache of the frozen layers' output when exactly one tensor computed through frozen
   * variables feeds the layers that train; null otherwise (said in the log).
   */
  private ActivationCache frozenActivations(Output<TFloat32> baseFeatures, int examples) {
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
          + "layers that train: {})", boundary.size(), boundary);
      return null;
    }
    @SuppressWarnings("unchecked")
    Output<TFloat32> floats = (Output<TFloat32>) base.graph().output(source.get());
    return new ActivationCache(floats, examples, Runtime.getRuntime().maxMemory() / 3);
  }

  /** Floats of frozen-layer output kept so far (0 without that cache), for tests. */
  long keptActivationFloats() {
    return activations == null ? 0 : activations.keptFloats();
  }

  /** The inference path for export; available after {@link #fit}. */
  public ServingEndpoints endpoints() {
    requireTrained();
    return new ServingEndpoints(inputs.signatureInputs(), inputs.datasetKeys(),
        serving.probabilities(), serving.classes(), classNames, base.initialization());
  }

  /**
   * The ops of one training step, for benchmarks that run the same step by hand; available
   * after {@link #fit}. Not for BatchNorm {@link BatchNormMode#UPDATE}, whose step also feeds
   * a switch and runs the statistics' updates.
   */
  public TrainingStep trainingStep() {
    requireTrained();
    if (!statisticUpdates.isEmpty()) {
      throw new IllegalStateException("the training step of BatchNorm mode UPDATE is not "
          + "exposed");
    }
    return new TrainingStep(training.cachedFeatures, training.labels, training.weights,
        training.learningRate, training.step, training.loss, training.correct, training.update);
  }

  /** Names of the base variables that trained; empty when the base was frozen. */
  public List<String> trainedBaseVariables() {
    return trainedBase.stream().map(GraphVariable::name).toList();
  }

  /** Class probabilities of every example, computed through the base model and the head. */
  public float[][] predict(Dataset data) {
    requireTrained();
    float[][] out = new float[data.size()][];
    for (int[] idx : Batches.forInference(data, batchSize)) {
      float[] flat;
      try {
        flat = inputs.run(data, idx, serving.probabilities()).values();
      } catch (IllegalArgumentException | org.tensorflow.exceptions.TensorFlowException e) {
        throw dataError(e);
      }
      int k = classNames.size();
      for (int i = 0; i < idx.length; i++) {
        out[idx[i]] = Arrays.copyOfRange(flat, i * k, (i + 1) * k);
      }
    }
    return out;
  }

  /** Accuracy, loss and per-class counts of the trained model on labelled data. */
  public Evaluation evaluate(Dataset data) {
    float[][] p = predict(data);
    int[] labels = new int[data.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = data.label(i);
    }
    return Evaluation.of(p, labels, classNames);
  }

  // ---- setup ----

  /**
   * The shape of one example's features: static in the graph when it is known (so a frozen base
   * runs exactly once per example), else found by running one example.
   */
  private long[] probeFeatureShape(Dataset data, Output<TFloat32> tensor) {
    Shape known = tensor.shape();
    if (!known.isUnknown() && known.numDimensions() >= 2) {
      long[] dims = new long[known.numDimensions() - 1];
      for (int i = 0; i < dims.length; i++) {
        dims[i] = known.size(i + 1);
      }
      if (java.util.Arrays.stream(dims).allMatch(d -> d > 0)) {
        return dims;
      }
    }
    try {
      Shape s = inputs.run(data, new int[] {0}, tensor).shape();
      if (s.numDimensions() < 1) {
        throw new TftuneException("feature tensor " + features + " is a scalar",
            "choose a tensor with a batch dimension");
      }
      long[] dims = new long[s.numDimensions() - 1];
      for (int i = 0; i < dims.length; i++) {
        dims[i] = s.size(i + 1);
      }
      return dims;
    } catch (TftuneException e) {
      throw e;
    } catch (RuntimeException e) {
      throw dataError(e);
    }
  }

  /** TensorFlow's shape and dtype errors (TFInvalidArgumentException and the like). */
  private static TftuneException dataError(RuntimeException e) {
    return new TftuneException("the model fails on the data: "
        + String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
        "check that the data fits the model's input (shape, scaling)", e);
  }

  private void checkOnPath(Output<TFloat32> baseFeatures) {
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
            + "features " + features, "train only variables that come before " + features);
      }
    }
  }

  /**
   * BatchNorm layers run with their moving statistics (inference mode) whatever trains, but
   * their gamma and beta learn from batch gradients, which are noisy for tiny batches.
   */
  private void warnOnSmallBatchNormBatches(int batch) {
    List<String> norms = trainedBase.stream().map(GraphVariable::name)
        .filter(n -> n.toLowerCase(java.util.Locale.ROOT).matches(".*batch_?norm.*")).toList();
    if (!norms.isEmpty() && batch < MIN_BATCH_NORM_BATCH) {
      LOG.warn("{} BatchNorm variables train with batches of {} (fewer than {}): their updates "
          + "will be noisy; use --batch {} or more", norms.size(), batch, MIN_BATCH_NORM_BATCH,
          MIN_BATCH_NORM_BATCH);
    }
  }

  /** The requested batch size, capped once (with a warning) by a graph's fixed batch. */
  private static int effectiveBatch(int requested, long fixed) {
    if (fixed > 0 && requested > fixed) {
      LOG.warn("batch size {} exceeds the graph's fixed batch of {}; using {}", requested, fixed,
          fixed);
      return (int) fixed;
    }
    return requested;
  }

  private int[][] split(int n) {
    int[] all = shuffled(range(0, n), new Random(seed));
    int val = (int) Math.round(n * validationSplit);
    val = Math.min(val, n - 1);
    return new int[][] {Arrays.copyOfRange(all, 0, n - val), Arrays.copyOfRange(all, n - val, n)};
  }

  // ---- running ----

  /**
   * Batches of a shuffled order. For data padded per batch, each group of
   * {@link #BUCKET_BATCHES} batches is sorted by length before it is cut, and the batches are
   * shuffled again, so that examples of similar length share a batch but the order stays random.
   */
  private static List<int[]> trainingBatches(Dataset data, int[] order, int batch,
      Random random) {
    List<int[]> batches = new ArrayList<>();
    boolean bucketed = data.length(order[0]) > 0;
    int group = bucketed ? batch * BUCKET_BATCHES : batch;
    for (int from = 0; from < order.length; from += group) {
      int[] part = Arrays.copyOfRange(order, from, Math.min(from + group, order.length));
      if (bucketed) {
        part = Batches.sortedByLength(data, part);
      }
      for (int b = 0; b < part.length; b += batch) {
        batches.add(Arrays.copyOfRange(part, b, Math.min(b + batch, part.length)));
      }
    }
    if (bucketed) {
      java.util.Collections.shuffle(batches, random);
    }
    return batches;
  }

  /** One training step at a learning rate: {loss, correct count}. */
  private float[] run(Dataset data, float[] cache, int[] idx, float learningRate, long step) {
    return run(data, cache, idx, true, learningRate, step);
  }

  /** One training step (update) or evaluation pass over a batch: {loss, correct count}. */
  private float[] run(Dataset data, float[] cache, int[] idx, boolean update,
      float learningRate, long step) {
    int rows = cache != null ? idx.length : inputs.rowsFor(idx.length);
    Session.Runner runner = base.session().runner();
    List<Tensor> owned = new ArrayList<>();
    try {
      if (cache != null) {
        int dim = (int) head.inputDim();
        float[] batch = new float[idx.length * dim];
        for (int i = 0; i < idx.length; i++) {
          System.arraycopy(cache, idx[i] * dim, batch, i * dim, dim);
        }
        owned.add(feed(runner, training.cachedFeatures, TFloat32.tensorOf(
            Shape.of(idx.length, dim), org.tensorflow.ndarray.buffer.DataBuffers.of(batch))));
      } else {
        boolean fromMemory = activations != null && activations.covers(idx);
        inputs.feed(runner, data, idx, rows, owned, !fromMemory);
        if (fromMemory) {
          owned.add(activations.feed(runner, data, idx, rows));
        }
      }
      boolean keep = cache == null && activations != null && activations.wants(idx);
      int[] labels = new int[rows];
      float[] weights = new float[rows];
      for (int i = 0; i < idx.length; i++) {
        labels[i] = data.label(idx[i]);
        weights[i] = 1;
      }
      owned.add(feed(runner, training.labels, TInt32.vectorOf(labels)));
      owned.add(feed(runner, training.weights, TFloat32.vectorOf(weights)));
      if (update) {
        owned.add(feed(runner, training.learningRate, TFloat32.scalarOf(learningRate)));
        owned.add(feed(runner, training.step, TFloat32.scalarOf(step)));
        if (!statisticUpdates.isEmpty()) {
          owned.add(feed(runner, base.graph().output(BatchNormSwitch.FLAG),
              TBool.scalarOf(true)));
          statisticUpdates.forEach(runner::addTarget);
        }
        runner.fetch(training.loss).fetch(training.correct).addTarget(training.update);
      } else {
        runner.fetch(training.evalLoss).fetch(training.evalCorrect);
      }
      if (keep) {
        runner.fetch(activations.tensor());
      }
      try (Result r = runner.run()) {
        if (keep) {
          activations.keep((TFloat32) r.get(2), data, idx, rows);
        }
        return new float[] {((TFloat32) r.get(0)).getFloat(), ((TFloat32) r.get(1)).getFloat()};
      } catch (IllegalArgumentException | org.tensorflow.exceptions.TensorFlowException e) {
        throw dataError(e);
      }
    } finally {
      owned.forEach(Tensor::close);
    }
  }

  private double[] evaluateIndices(Dataset data, float[] cache, int[] idx, int batch) {
    double loss = 0;
    double correct = 0;
    for (int from = 0; from < idx.length; from += batch) {
      int[] part = Arrays.copyOfRange(idx, from, Math.min(from + batch, idx.length));
      float[] m = run(data, cache, part, false, 0, 0);
      loss += m[0] * part.length;
      correct += m[1];
    }
    return new double[] {loss / idx.length, correct / idx.length};
  }

  private static Tensor feed(Session.Runner runner, Operand<?> target, Tensor t) {
    runner.feed(target, t);
    return t;
  }

  private void runAll(List<Op> ops) {
    Session.Runner r = base.session().runner();
    ops.forEach(r::addTarget);
    r.run().close();
  }

  private void requireTrained() {
    if (serving == null) {
      throw new IllegalStateException("call fit() first");
    }
  }

  static int[] range(int from, int to) {
    int[] r = new int[to - from];
    for (int i = 0; i < r.length; i++) {
      r[i] = from + i;
    }
    return r;
  }

  private static int[] shuffled(int[] values, Random random) {
    int[] out = values.clone();
    for (int i = out.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }

  /** Builder of {@link FineTuner}; {@link #base} and {@link #features} are required. */
  public static final class Builder {
    private BaseModel base;
    private String features;
    private DenseHead head = DenseHead.linear();
    private TrainingPlan plan = TrainingPlan.headOnly();
    private Optimizer optimizer = Optimizers.adam(1e-3f);
    private LearningRateSchedule schedule = LearningRateSchedule.constant();
    private float clipNorm;
    private BatchNormMode batchNorm = BatchNormMode.INFERENCE;
    private Float baseLearningRate;
    private int epochs = 5;
    private int batchSize = 32;
    private long seed = 42;
    private double validationSplit = 0.1;
    private boolean cacheFrozenActivations = true;

    private Builder() {}

    public Builder base(BaseModel base) {
      this.base = base;
      return this;
    }

    /** A tensor name, op name or signature output key of the base model. */
    public Builder features(String tensor) {
      this.features = tensor;
      return this;
    }

    /** Default: {@link DenseHead#linear()}. */
    public Builder head(DenseHead head) {
      this.head = Objects.requireNonNull(head);
      return this;
    }

    /** Default: {@link TrainingPlan#headOnly()}. */
    public Builder plan(TrainingPlan plan) {
      this.plan = Objects.requireNonNull(plan);
      return this;
    }

    /** Default: Adam with learning rate 1e-3. */
    public Builder optimizer(Optimizer optimizer) {
      this.optimizer = Objects.requireNonNull(optimizer);
      return this;
    }

    /** Default {@link LearningRateSchedule#constant()}. */
    public Builder schedule(LearningRateSchedule schedule) {
      this.schedule = Objects.requireNonNull(schedule);
      return this;
    }

    /**
     * Caps the joint L2 norm of all gradients of a step at {@code norm} (BERT fine-tuning uses
     * 1.0); 0, the default, leaves gradients as they are.
     */
    public Builder clipGlobalNorm(float norm) {
      if (norm < 0) {
        throw new TftuneException("the clipping norm " + norm + " is negative",
            "pass 0 (no clipping) or a positive norm such as 1.0");
      }
      this.clipNorm = norm;
      return this;
    }

    /**
     * A learning rate for the unfrozen base variables, apart from the head's (the optimizer's):
     * a new head learns fast while pretrained layers move gently. The schedule scales both.
     * Default: the optimizer's rate for all.
     */
    public Builder baseLearningRate(float rate) {
      if (!(rate > 0)) {
        throw new IllegalArgumentException("the base learning rate must be > 0");
      }
      this.baseLearningRate = rate;
      return this;
    }

    /** How BatchNorm layers behave while training; default {@link BatchNormMode#INFERENCE}. */
    public Builder batchNorm(BatchNormMode mode) {
      this.batchNorm = Objects.requireNonNull(mode);
      return this;
    }

    /** Default 5. */
    public Builder epochs(int epochs) {
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs must be at least 1");
      }
      this.epochs = epochs;
      return this;
    }

    /** Default 32. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be at least 1");
      }
      this.batchSize = batchSize;
      return this;
    }

    /** Seeds the split, the shuffling, the head's initial weights and dropout. Default 42. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Fraction of examples held out for validation, in [0, 1). Default 0.1. */
    public Builder validationSplit(double fraction) {
      if (fraction < 0 || fraction >= 1) {
        throw new IllegalArgumentException("validation split must be in [0, 1)");
      }
      this.validationSplit = fraction;
      return this;
    }

    /**
     * Whether, with some base variables training, the output of the frozen layers below them is
     * computed once per example and fed from memory afterwards (default true): the first epoch
     * runs the whole base, later ones only the layers that train. It applies when one tensor
     * leads from the frozen layers to the trained ones and the data is not augmented, and stays
     * off (saying so) when the cache would take more than a third of the JVM's maximum heap.
     */
    public Builder cacheFrozenActivations(boolean cache) {
      this.cacheFrozenActivations = cache;
      return this;
    }

    public FineTuner build() {
      return new FineTuner(this);
    }
  }
}
