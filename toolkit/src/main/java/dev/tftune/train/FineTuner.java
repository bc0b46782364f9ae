package dev.tftune.train;

import dev.tftune.ConfigurationException;
import dev.tftune.TftuneException;
import dev.tftune.data.Dataset;
import dev.tftune.data.Split;
import dev.tftune.graph.Graphs;
import dev.tftune.graph.GraphVariable;
import dev.tftune.head.DenseHead;
import dev.tftune.metrics.ClassificationMetrics;
import dev.tftune.metrics.MultiLabelMetrics;
import dev.tftune.metrics.RegressionMetrics;
import dev.tftune.optimizer.LearningRateSchedule;
import dev.tftune.optimizer.Optimizer;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.VariableCheckpoints;
import dev.tftune.savedmodel.VariableInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Output;

/**
 * Attaches a classifier head to a tensor of a base model and trains it, with the base frozen
 * (features computed once and cached) or with the variables a {@link TrainingPlan} selects
 * unfrozen. A tuner is immutable configuration and the epoch loop; {@link #fit} returns the
 * {@link TrainedModel}.
 *
 * <pre>{@code
 * try (BaseModel base = SavedModels.load(dir)) {
 *   TrainedModel model = FineTuner.builder().base(base).features("resnet_model/final_reduce_mean")
 *       .head(DenseHead.linear()).optimizer(Optimizers.adam(1e-3f)).epochs(5).build()
 *       .fit(data);
 *   Evaluation eval = model.evaluate(test);
 * }
 * }</pre>
 *
 * <p>Training adds its ops to the base model's graph and trains the variables in the base
 * model's session: the trained model lives as long as the {@link BaseModel}, which owns the
 * native resources. Each {@code fit} adds a new head beside those of earlier fits.
 */
public final class FineTuner {
  private static final Logger LOG = LoggerFactory.getLogger(FineTuner.class);

  private final BaseModel base;
  private final String features;
  private final DenseHead head;
  private final Objective objective;
  private final TrainingPlan plan;
  private final Optimizer optimizer;
  private final LearningRateSchedule schedule;
  private final float clipNorm;
  private final BatchNormMode batchNorm;
  private final Float baseLearningRate;
  private final int epochs;
  private final int batchSize;
  private final int requestedBatchSize;
  private final long seed;
  private final double validationSplit;
  private final boolean cacheFrozenActivations;
  private final List<TrainingListener> listeners;
  private final List<TrainingListener> addedListeners;
  private final boolean logging;
  private final Path resumeFrom;
  private final FeatureCache featureCache;
  /** Cached features shared with other fits; null for a store of this fit's own. */
  private final FeatureStore featureStore;
  private final ClassWeights classWeights;
  private final List<Pattern> multiplierPatterns;
  private final List<Float> multipliers;
  private final List<TrainingPlan> unfreezeStages;
  private final boolean findLearningRate;
  /** A search's candidate or a range test's sweep: its setup lines go to the debug log. */
  private final boolean helper;
  /** The range test that chose this tuner's rates; null when they were given. */
  private final LearningRateFinder.Found learningRateFound;

  private FineTuner(Builder b) {
    this.base = Objects.requireNonNull(b.base, "base model is required");
    this.features = Objects.requireNonNull(b.features, "feature tensor is required");
    this.head = b.head;
    this.objective = b.objective;
    this.plan = b.plan;
    this.optimizer = b.optimizer;
    this.schedule = b.schedule;
    this.clipNorm = b.clipNorm;
    this.batchNorm = b.batchNorm;
    this.baseLearningRate = b.baseLearningRate;
    this.epochs = b.epochs;
    this.requestedBatchSize = b.batchSize;
    this.batchSize = effectiveBatch(b.batchSize, base.fixedBatch());
    this.seed = b.seed;
    this.validationSplit = b.validationSplit;
    this.cacheFrozenActivations = b.cacheFrozenActivations;
    List<TrainingListener> all = new ArrayList<>();
    if (b.logging) {
      all.add(new LoggingListener());
    }
    all.addAll(b.listeners);
    this.listeners = List.copyOf(all);
    this.addedListeners = List.copyOf(b.listeners);
    this.logging = b.logging;
    this.resumeFrom = b.resumeFrom;
    this.featureCache = b.featureCache;
    this.featureStore = b.featureStore;
    this.classWeights = b.classWeights;
    this.multiplierPatterns = List.copyOf(b.multiplierPatterns);
    this.multipliers = List.copyOf(b.multipliers);
    this.unfreezeStages = List.copyOf(b.unfreezeStages);
    this.findLearningRate = b.findLearningRate;
    this.learningRateFound = b.learningRateFound;
    this.helper = b.helper;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this configuration, listeners included, to change some of it (a search's
   * candidate heads, a found learning rate).
   */
  public Builder toBuilder() {
    Builder b = new Builder().base(base).features(features).head(head).objective(objective)
        .plan(plan).optimizer(optimizer).schedule(schedule).clipGlobalNorm(clipNorm)
        .batchNorm(batchNorm).epochs(epochs).batchSize(requestedBatchSize).seed(seed)
        .validationSplit(validationSplit).cacheFrozenActivations(cacheFrozenActivations)
        .logging(logging).classWeights(classWeights).gradualUnfreezing(unfreezeStages);
    b.baseLearningRate = baseLearningRate;
    b.resumeFrom = resumeFrom;
    b.featureCache = featureCache;
    b.featureStore = featureStore;
    b.multiplierPatterns.addAll(multiplierPatterns);
    b.multipliers.addAll(multipliers);
    b.listeners.addAll(addedListeners);
    b.findLearningRate = findLearningRate;
    b.learningRateFound = learningRateFound;
    return b;
  }

  /**
   * Trains on a dataset: a seeded split into training and validation examples
   * ({@link Builder#validationSplit}), then {@code epochs} passes over shuffled batches (the
   * last batch may be smaller). Validation sees the data without augmentation.
   *
   * @throws TftuneException for data that does not fit the model, or variables that cannot be
   *     trained
   */
  public TrainedModel fit(Dataset data) {
    requireExamples(data);
    if (findLearningRate) {
      return LearningRateFinder.of(this).tuned(data).fit(data);
    }
    Split split = Split.random(data.size(), validationSplit, seed);
    return train(data, split.training(), data.forEvaluation(), split.heldOut());
  }

  /**
   * Trains on one dataset and validates on another after each epoch (the validation split is
   * not used). Both must name the same classes in the same order.
   *
   * @throws TftuneException for data that does not fit the model, classes that differ, or
   *     variables that cannot be trained
   */
  public TrainedModel fit(Dataset training, Dataset validation) {
    requireExamples(training);
    if (findLearningRate) {
      return LearningRateFinder.of(this).tuned(training).fit(training, validation);
    }
    if (!validation.classNames().equals(training.classNames())) {
      throw new TftuneException("the validation data's classes " + validation.classNames()
          + " differ from the training data's " + training.classNames(),
          "give both data sets the same class names in the same order");
    }
    return train(training, Split.range(training.size()), validation.forEvaluation(),
        Split.range(validation.size()));
  }

  private TrainedModel train(Dataset data, int[] trainIdx, Dataset validation, int[] valIdx) {
    requireObjectFits(data);
    if (objective.classifies() && !objective.predictsLabelSets()) {
      ClassCoverage.check(data);
    }
    FineTuningGraph graph = FineTuningGraph.build(this, data, trainIdx,
        featureStore != null ? featureStore : new FeatureStore());
    if (batchSize < requestedBatchSize) {
      // said when training, not when building: a tuner may be built more than once
      LOG.warn("batch size {} exceeds the graph's fixed batch of {}; using {}",
          requestedBatchSize, batchSize, batchSize);
    }
    say("training {} examples, validating on {}; {}; features {}; plan: {};"
        + " optimizer {}, schedule {}{}; batch {} ({})", trainIdx.length, valIdx.length,
        objective.classifies() && !objective.predictsLabelSets()
            ? data.classNames().size() + " classes" : objective + " of " + data.classNames(), graph.describeFeatures(), plan, optimizer, schedule,
        (clipNorm > 0 ? ", gradients clipped to global norm " + clipNorm : "")
            + (baseLearningRate != null ? ", base learning rate " + baseLearningRate : ""),
        batchSize, graph.batchHandling());
    if (graph.training.groups.size() > 1) {
      say("parameter groups: {}", graph.describeGroups());
    }
    float[] weights = classWeights.isNone() ? null : classWeights.resolve(data, trainIdx);
    if (weights != null) {
      say("class weights ({}): {}", classWeights, weightsByClass(data, weights));
    }
    StepRunner steps = new StepRunner(graph, data, weights);
    EpochPlan order = new EpochPlan(trainIdx, batchSize, seed, data::length);
    List<EpochMetrics> history = new ArrayList<>();
    TrainingState state = new TrainingState(epochs, order.batchesPerEpoch(), valIdx.length > 0,
        history);
    List<GraphVariable> saved = graph.stateVariables();
    List<String> savedNames = saved.stream().map(GraphVariable::name).toList();
    VariableCheckpoints variables = VariableCheckpoints.of(base.session(), saved);
    state.checkpointWith(dir -> RunCheckpoint.write(dir, variables,
        state.saved(seed, data.drawState(), savedNames)));
    if (resumeFrom != null) {
      new Resumption(resumeFrom, seed, batchSize).apply(state, variables, savedNames, data,
          steps, order, validation == data ? valIdx : new int[0]);
    }
    try {
      epochs(state, order, steps, data, validation, valIdx);
    } catch (RuntimeException e) {
      for (TrainingListener l : listeners) {
        try {
          l.onTrainingFailed(state, e);
        } catch (RuntimeException closing) {
          e.addSuppressed(closing);
        }
      }
      throw e;
    }
    TrainingHistory done = new TrainingHistory(history, graph.cachedFeatures,
        graph.inputs.examplesRun(), graph.batchHandling());
    listeners.forEach(l -> l.onTrainingEnd(state, done));
    return new TrainedModel(this, graph, steps, variables, done, data,
        valIdx.length == 0 ? data.forEvaluation()
            : valIdx.length == validation.size() ? validation : validation.select(valIdx));
  }

  /** The epochs, from the first (or the resumed position) to the last or a stop. */
  private void epochs(TrainingState state, EpochPlan order, StepRunner steps, Dataset data,
      Dataset validation, int[] valIdx) {
    listeners.forEach(l -> l.onTrainingBegin(state));
    int first = state.epoch() == 0 || state.epochFinished() ? state.epoch() + 1 : state.epoch();
    for (int epoch = first; epoch <= epochs && !state.stopRequested(); epoch++) {
      int skip = 0;
      if (epoch == state.epoch()) {
        skip = state.batch();
        state.resumeEpoch();
      } else {
        state.beginEpoch(epoch);
      }
      listeners.forEach(l -> l.onEpochBegin(state));
      if (state.stopRequested()) {
        break;
      }
      List<int[]> batches = order.batches(epoch);
      for (int[] idx : batches.subList(skip, batches.size())) {
        long step = state.step() + 1;
        float rate = schedule.rate(optimizer.learningRate(), step, state.totalSteps());
        state.stepDone(steps.train(data, idx, rate, step, epoch), rate);
        listeners.forEach(l -> l.onStepEnd(state));
        if (state.stopRequested()) {
          break;
        }
      }
      EpochMetrics metrics = valIdx.length == 0 ? unvalidated(state)
          : validated(state, steps.evaluate(validation, valIdx, batchSize), validation, valIdx);
      listeners.forEach(l -> l.onEpochEnd(state, metrics));
    }
  }

  private static String weightsByClass(Dataset data, float[] weights) {
    List<String> parts = new ArrayList<>();
    for (int c = 0; c < weights.length; c++) {
      parts.add(data.classNames().get(c) + " " + String.format("%.3f", weights[c]));
    }
    return String.join(", ", parts);
  }

  private EpochMetrics unvalidated(TrainingState state) {
    return objective.classifies()
        ? state.endEpoch(Double.NaN, Double.NaN, Double.NaN, Double.NaN)
        : state.endRegressionEpoch(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  }

  private EpochMetrics validated(TrainingState state, StepRunner.Validation v, Dataset data,
      int[] idx) {
    if (!objective.classifies() || objective.predictsLabelSets()) {
      float[][] targets = new float[idx.length][];
      for (int i = 0; i < idx.length; i++) {
        targets[i] = data.targets(idx[i]);
      }
      if (objective.predictsLabelSets()) {
        MultiLabelMetrics m = MultiLabelMetrics.of(v.probabilities(), targets,
            data.classNames());
        return state.endEpoch(v.totals().loss(), v.totals().accuracy(), m.macroF1(),
            Double.NaN);
      }
      RegressionMetrics r = RegressionMetrics.of(v.probabilities(), targets, data.classNames());
      return state.endRegressionEpoch(v.totals().loss(), r.mae(), r.rmse(), r.r2());
    }
    ClassificationMetrics m = v.metrics(data.classNames());
    return state.endEpoch(v.totals().loss(), v.totals().accuracy(), m.macroF1(),
        m.binary() ? m.rocAuc() : Double.NaN);
  }

  /** Regression objectives need data with targets, and classifiers data with classes. */
  private void requireObjectFits(Dataset data) {
    if (objective.predictsLabelSets() != data.multiLabel()) {
      throw new TftuneException(objective.predictsLabelSets()
          ? "the objective is multi-label, and the data has one class per example"
          : "the data has a set of classes per example, and the objective is " + objective,
          objective.predictsLabelSets() ? "give data with label sets, or use Objective."
              + "classification()" : "train a multi-label head: objective(Objective."
              + "multiLabel())");
    }
    if (objective.predictsLabelSets() && !classWeights.isNone()) {
      throw new TftuneException("class weights weigh one class per example, and a "
          + "multi-label head predicts sets", "leave class weights at none");
    }
    if (objective.classifies() && data.regression()) {
      throw new TftuneException("the data has numeric targets " + data.classNames()
          + ", and the objective is " + objective, "train a regression head: objective("
          + "Objective.regression(RegressionLoss.MSE)), or give the data classes");
    }
    if (!objective.classifies() && !data.regression()) {
      throw new TftuneException("the objective is " + objective + ", and the data has "
          + "classes, not numeric targets", "give data with targets, or use "
          + "Objective.classification()");
    }
    if (!objective.classifies() && !classWeights.isNone()) {
      throw new TftuneException("class weights weigh classes, and a regression has none",
          "leave class weights at none for a regression");
    }
  }

  private static void requireExamples(Dataset data) {
    if (data.size() < 2) {
      throw new TftuneException("the training data holds " + data.size() + " examples",
          "give at least 2 labelled examples");
    }
  }

  /** The requested batch size, capped by a graph's fixed batch (the run says so). */
  private static int effectiveBatch(int requested, long fixed) {
    return fixed > 0 && requested > fixed ? (int) fixed : requested;
  }

  /**
   * The resolved configuration, by name (features, head, plan, objective, optimizer,
   * schedule, clipNorm, batchNorm, baseLearningRate, epochs, batchSize, seed,
   * validationSplit), as run folders record it in {@code plan.json}.
   */
  public Map<String, Object> describe() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("features", features);
    d.put("head", head.toString());
    d.put("plan", plan.toString());
    d.put("objective", objective.toString());
    d.put("optimizer", optimizer.toString());
    d.put("schedule", schedule.toString());
    d.put("clipNorm", clipNorm);
    d.put("batchNorm", batchNorm.name().toLowerCase(Locale.ROOT));
    d.put("baseLearningRate", baseLearningRate);
    d.put("findLearningRate", findLearningRate);
    List<String> m = new ArrayList<>();
    for (int i = 0; i < multipliers.size(); i++) {
      m.add(multiplierPatterns.get(i).pattern() + "=" + multipliers.get(i));
    }
    d.put("learningRateMultipliers", m);
    d.put("unfreezeStages", unfreezeStages.stream().map(TrainingPlan::toString).toList());
    d.put("classWeights", classWeights.toString());
    d.put("epochs", epochs);
    d.put("batchSize", batchSize);
    d.put("seed", seed);
    d.put("validationSplit", validationSplit);
    return d;
  }

  // the configuration, for the classes that build and run the training graph

  BaseModel base() {
    return base;
  }

  String features() {
    return features;
  }

  DenseHead head() {
    return head;
  }

  TrainingPlan plan() {
    return plan;
  }

  Objective objective() {
    return objective;
  }

  Optimizer optimizer() {
    return optimizer;
  }

  float clipNorm() {
    return clipNorm;
  }

  /** The base variables' learning rate as a fraction of the head's. */
  float baseRateFactor() {
    return baseLearningRate == null ? 1f : baseLearningRate / optimizer.learningRate();
  }

  List<Pattern> multiplierPatterns() {
    return multiplierPatterns;
  }

  List<Float> multipliers() {
    return multipliers;
  }

  BatchNormMode batchNorm() {
    return batchNorm;
  }

  int batchSize() {
    return batchSize;
  }

  long seed() {
    return seed;
  }

  boolean cachesFrozenActivations() {
    return cacheFrozenActivations;
  }

  double validationSplit() {
    return validationSplit;
  }

  boolean resumes() {
    return resumeFrom != null;
  }

  ClassWeights classWeights() {
    return classWeights;
  }

  boolean findsLearningRate() {
    return findLearningRate;
  }

  /** The base variables' own learning rate, or null for the head's. */
  Float baseLearningRate() {
    return baseLearningRate;
  }

  boolean isHelper() {
    return helper;
  }

  /** A line of the run's setup: info, or debug for a helper run (a candidate, a sweep). */
  void say(String format, Object... args) {
    if (helper) {
      LOG.debug(format, args);
    } else {
      LOG.info(format, args);
    }
  }

  /** The range test that chose this tuner's learning rates, or null when they were given. */
  LearningRateFinder.Found learningRateFound() {
    return learningRateFound;
  }

  /** A base variable that trains, and the first epoch it trains in (gradual unfreezing). */
  record TrainedBaseVariable(VariableInfo info, int firstEpoch) {}

  /**
   * The base variables the plan and the unfreezing stages train, in the order they select
   * them (gradients and clipping sum in it).
   */
  List<TrainedBaseVariable> trainedBase() {
    Map<String, VariableInfo> selected = new LinkedHashMap<>();
    Map<String, Integer> first = new HashMap<>();
    plan.select(base.variables(), base.objectPaths()).forEach(v -> {
      selected.put(v.name(), v);
      first.put(v.name(), 1);
    });
    for (int k = 0; k < unfreezeStages.size(); k++) {
      for (VariableInfo v : unfreezeStages.get(k).select(base.variables(), base.objectPaths())) {
        selected.putIfAbsent(v.name(), v);
        first.merge(v.name(), k + 1, Math::min);
      }
    }
    return selected.values().stream()
        .map(v -> new TrainedBaseVariable(v, first.get(v.name()))).toList();
  }

  /** The base variables that train, in the base model's graph. */
  List<GraphVariable> trainedBaseVariables() {
    return trainedBase().stream().map(v -> v.info().in(base.graph())).toList();
  }

  /** Whether the plan or gradual unfreezing trains any base variable. */
  boolean trainsBase() {
    return !trainedBase().isEmpty();
  }

  /** Frozen-base features on disk; null for none. */
  FeatureCache featureCache() {
    return featureCache;
  }

  /** Builder of {@link FineTuner}; {@link #base} and {@link #features} are required. */
  public static final class Builder {
    private BaseModel base;
    private String features;
    private DenseHead head = DenseHead.linear();
    private Objective objective = Objective.classification();
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
    private final List<TrainingListener> listeners = new ArrayList<>();
    private boolean logging = true;
    private Path resumeFrom;
    private FeatureCache featureCache;
    private FeatureStore featureStore;
    private ClassWeights classWeights = ClassWeights.none();
    private final List<Pattern> multiplierPatterns = new ArrayList<>();
    private final List<Float> multipliers = new ArrayList<>();
    private final List<TrainingPlan> unfreezeStages = new ArrayList<>();
    private boolean findLearningRate;
    private LearningRateFinder.Found learningRateFound;
    private boolean helper;

    private Builder() {}

    /**
     * Whether {@code fit} first finds the learning rates with a range test
     * ({@link LearningRateFinder}): the head's (the optimizer then trains at it) and, when base
     * variables train, the base's ({@link #baseLearningRate}). The log states them; the trained
     * model's {@link TrainedModel#learningRateFound()} holds the curves. Default false: the
     * optimizer's rate.
     */
    public Builder findLearningRate(boolean on) {
      this.findLearningRate = on;
      return this;
    }

    /** The rates a range test found, and that it ran no more. */
    Builder learningRateFound(LearningRateFinder.Found found) {
      this.learningRateFound = found;
      this.findLearningRate = false;
      return this;
    }

    /** Marks a helper run (a search's candidate, a range test's sweep): a quieter log. */
    Builder helper() {
      this.helper = true;
      return this;
    }

    Builder withoutResume() {
      this.resumeFrom = null;
      return this;
    }

    Builder withoutBaseLearningRate() {
      this.baseLearningRate = null;
      return this;
    }

    /**
     * Trains the variables whose name {@code regex} finds (head or base) at {@code multiplier}
     * times the scheduled learning rate: parameter groups such as BERT's layer-wise decay
     * ({@code layer_11=1}, {@code layer_10=0.9}, ...). The first pattern a name matches, in the
     * order added, decides; it overrides {@link #baseLearningRate}. Default: none.
     */
    public Builder learningRateMultiplier(String regex, float multiplier) {
      if (!(multiplier >= 0)) {
        throw new ConfigurationException("a learning-rate multiplier of " + multiplier
            + " for " + regex, "use a multiplier of 0 or more, such as 0.5");
      }
      try {
        multiplierPatterns.add(Pattern.compile(regex));
      } catch (PatternSyntaxException e) {
        throw new ConfigurationException("the learning-rate multiplier pattern '" + regex
            + "' is not a regular expression: " + e.getDescription(),
            "write a Java regular expression such as layer_1[01]");
      }
      multipliers.add(multiplier);
      return this;
    }

    /**
     * Gradual unfreezing: stage k (from 1) is what trains from epoch k on, on top of the head
     * and {@link #plan}; the last stage goes on to the end. Each variable starts training in
     * the first epoch whose stage selects it; until then neither it nor its optimizer state
     * changes. Typical: the top block, then the top two, then three (ULMFiT). Default: none.
     */
    public Builder gradualUnfreezing(List<TrainingPlan> stages) {
      unfreezeStages.clear();
      unfreezeStages.addAll(stages);
      return this;
    }

    /**
     * How much each class's examples weigh in the training loss, for imbalanced data; default
     * {@link ClassWeights#none()}. Resolved on the training examples and stated in the log.
     */
    public Builder classWeights(ClassWeights weights) {
      this.classWeights = Objects.requireNonNull(weights);
      return this;
    }

    /**
     * Keeps frozen-base features on disk ({@link FeatureCache}): a run whose cache holds them
     * does not run the base at all. Applies when the base is frozen and the data is not
     * augmented. Default: none, features are computed by every run.
     */
    public Builder featureCache(FeatureCache cache) {
      this.featureCache = Objects.requireNonNull(cache);
      return this;
    }

    /** Shares cached features with other fits (a head search, a learning-rate range test). */
    Builder featureStore(FeatureStore store) {
      this.featureStore = Objects.requireNonNull(store);
      return this;
    }

    /**
     * Continues a run from a checkpoint folder (such as {@code checkpoints/last} of a run that
     * was killed) written by a tuner with this configuration and data: the trained variables,
     * BatchNorm statistics, optimizer slots, the position in the data, the augmentation draws
     * and the metrics so far are restored, and the run goes on with the next step. It ends with
     * the weights the uninterrupted run would have had, bit for bit. Frozen-base features are
     * computed again. Default: none, a new run.
     */
    public Builder resumeFrom(Path checkpoint) {
      this.resumeFrom = Objects.requireNonNull(checkpoint);
      return this;
    }

    /**
     * Adds a listener, called after the ones added before it (and after the default
     * {@link LoggingListener}); it may stop the run through {@link TrainingState#stopTraining()}.
     */
    public Builder listener(TrainingListener listener) {
      listeners.add(Objects.requireNonNull(listener));
      return this;
    }

    /** Drops the listeners added so far (a search's candidates run without the run's). */
    public Builder clearListeners() {
      listeners.clear();
      return this;
    }

    /** Whether the default {@link LoggingListener} logs each epoch; default true. */
    public Builder logging(boolean on) {
      this.logging = on;
      return this;
    }

    public Builder base(BaseModel base) {
      this.base = base;
      return this;
    }

    /** A tensor name, op name or signature output key of the base model. */
    public Builder features(String tensor) {
      this.features = tensor;
      return this;
    }

    /** A tensor of the base model's graph, such as {@code BertModel.features(pooling)}. */
    public Builder features(Output<?> tensor) {
      this.features = Graphs.tensorName(tensor);
      return this;
    }

    /** Default: {@link DenseHead#linear()}. */
    public Builder head(DenseHead head) {
      this.head = Objects.requireNonNull(head);
      return this;
    }

    /** What the head learns; default {@link Objective#classification()}. */
    public Builder objective(Objective objective) {
      this.objective = Objects.requireNonNull(objective);
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
        throw new ConfigurationException("the clipping norm " + norm + " is negative",
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
        throw new ConfigurationException("a base learning rate of " + rate,
            "use a positive rate such as 5e-5");
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
        throw new ConfigurationException(epochs + " epochs", "train at least 1 epoch");
      }
      this.epochs = epochs;
      return this;
    }

    /** Default 32. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new ConfigurationException("a batch size of " + batchSize,
            "use batches of at least 1 example");
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
        throw new ConfigurationException("a validation split of " + fraction,
            "hold out a fraction in [0, 1)");
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
