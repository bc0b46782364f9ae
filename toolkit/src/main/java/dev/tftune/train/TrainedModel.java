package dev.tftune.train;

import dev.tftune.TftuneException;
import dev.tftune.data.Batches;
import dev.tftune.data.Dataset;
import dev.tftune.data.InputPreparation;
import dev.tftune.graph.GraphVariable;
import dev.tftune.metrics.MultiLabelMetrics;
import dev.tftune.metrics.RegressionMetrics;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.VariableCheckpoints;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A fine-tuned classifier, as {@link FineTuner#fit} returns it: the base model's graph with the
 * head and the trained variables in the base model's session. It predicts and evaluates, hands
 * its serving endpoints to an exporter ({@code ServingExporter.builder(model)}), and records
 * how its inputs were prepared and what trained.
 *
 * <p>It lives as long as the {@link BaseModel}, which owns the native resources.
 */
public final class TrainedModel {
  private final FineTuningGraph graph;
  private final StepRunner steps;
  private final TrainingHistory history;
  private final List<String> classNames;
  private final InputPreparation preparation;
  private final Dataset verificationData;
  private final FineTuner config;
  private final VariableCheckpoints checkpoints;

  TrainedModel(FineTuner config, FineTuningGraph graph, StepRunner steps,
      VariableCheckpoints checkpoints, TrainingHistory history, Dataset training,
      Dataset verificationData) {
    this.config = config;
    this.checkpoints = checkpoints;
    this.graph = graph;
    this.steps = steps;
    this.history = history;
    this.classNames = List.copyOf(training.classNames());
    this.preparation = training.preparation();
    this.verificationData = verificationData;
  }

  /**
   * Sets the trained variables (and the optimizer's slots) to their values in a checkpoint of
   * this run, such as {@code checkpoints/best} written by {@link Checkpointing}: predictions,
   * evaluations and exports then use those weights.
   *
   * @throws TftuneException when the folder holds no checkpoint of this run
   */
  public void restoreCheckpoint(Path folder) {
    try {
      checkpoints.restore(RunCheckpoint.variablesPrefix(folder));
    } catch (org.tensorflow.exceptions.TensorFlowException e) {
      throw new TftuneException("the checkpoint " + folder + " does not hold this model's "
          + "variables: " + TftuneException.firstLine(e.getMessage()),
          "restore a checkpoint written by this run", e);
    }
  }

  /** The base model whose graph and session hold this model. */
  public BaseModel base() {
    return graph.base;
  }

  /**
   * The range test that chose the learning rates ({@link FineTuner.Builder#findLearningRate}),
   * or null when they were given.
   */
  public LearningRateFinder.Found learningRateFound() {
    return config.learningRateFound();
  }

  /** What training did, epoch by epoch. */
  public TrainingHistory history() {
    return history;
  }

  /** Class names by index, as the training data named them. */
  public List<String> classNames() {
    return classNames;
  }

  /** How the training data was made into tensors; exports record it. */
  public InputPreparation preparation() {
    return preparation;
  }

  /** The tensor of the base model the head is attached to. */
  public String features() {
    return graph.featureName;
  }

  /** The seed that drew the split, the order, the head's initial weights and dropout. */
  public long seed() {
    return config.seed();
  }

  /** How BatchNorm layers behaved while training. */
  public BatchNormMode batchNorm() {
    return config.batchNorm();
  }

  /** Names of the base variables that trained; empty when the base was frozen. */
  public List<String> trainedBaseVariables() {
    return graph.trainedBaseVariables();
  }

  /** The optimizer's state variables (moments, accumulators), by graph name. */
  public List<String> optimizerSlots() {
    return graph.training.slots.stream().map(GraphVariable::name).toList();
  }

  /**
   * Examples an export is checked on (the held-out part when there is one, else the training
   * data), as evaluation sees them: without augmentation.
   */
  public Dataset verificationData() {
    return verificationData;
  }

  /** The inference path for export. */
  public ServingEndpoints endpoints() {
    return new ServingEndpoints(graph.inputs.signatureInputs(), graph.inputs.datasetKeys(),
        graph.serving.outputs(), graph.serving.scores(), classNames,
        graph.base.initialization(), preparation);
  }

  /**
   * The ops of one training step, for benchmarks that run the same step by hand. Not for
   * BatchNorm {@link BatchNormMode#UPDATE}, whose step also feeds a switch and runs the
   * statistics' updates.
   */
  public TrainingStep trainingStep() {
    if (!graph.statisticUpdates.isEmpty()) {
      throw new IllegalStateException("the training step of BatchNorm mode UPDATE is not "
          + "exposed");
    }
    TrainingGraph t = graph.training;
    return new TrainingStep(t.cachedFeatures, t.labels, t.weights, t.learningRate, t.step,
        t.loss, t.correct, t.update);
  }

  /**
   * Class probabilities of every example (a regression's predicted values), computed through
   * the base model and the head, on the data as evaluation sees it (without augmentation).
   */
  public float[][] predict(Dataset data) {
    Dataset plain = data.forEvaluation();
    float[][] out = new float[plain.size()][];
    int k = classNames.size();
    for (int[] idx : Batches.forInference(plain, config.batchSize())) {
      float[] flat;
      try {
        flat = graph.inputs.run(plain, idx, graph.serving.scores()).values();
      } catch (IllegalArgumentException | org.tensorflow.exceptions.TensorFlowException e) {
        throw StepRunner.dataError(e);
      }
      for (int i = 0; i < idx.length; i++) {
        out[idx[i]] = Arrays.copyOfRange(flat, i * k, (i + 1) * k);
      }
    }
    return out;
  }

  /** True when the model predicts values (a regression head) rather than classes. */
  public boolean regression() {
    return !config.objective().classifies();
  }

  /** True when the model predicts a set of classes per example (a multi-label head). */
  public boolean multiLabel() {
    return config.objective().predictsLabelSets();
  }

  /** Subset accuracy, Hamming loss and per-class F1 of a multi-label model on label sets. */
  public MultiLabelMetrics evaluateMultiLabel(Dataset data) {
    return MultiLabelMetrics.of(predict(data), targets(data), classNames);
  }

  /** MAE, RMSE and R² of a regression model on data with targets. */
  public RegressionMetrics evaluateRegression(Dataset data) {
    return RegressionMetrics.of(predict(data), targets(data), classNames);
  }

  static float[][] targets(Dataset data) {
    float[][] t = new float[data.size()][];
    for (int i = 0; i < t.length; i++) {
      t[i] = data.targets(i);
    }
    return t;
  }

  /** Accuracy, loss, per-class counts and probabilities of the model on labelled data. */
  public Evaluation evaluate(Dataset data) {
    if (regression() || multiLabel()) {
      throw new IllegalStateException("the model predicts " + (regression() ? "values: use "
          + "evaluateRegression" : "class sets: use evaluateMultiLabel"));
    }
    float[][] p = predict(data);
    int[] labels = new int[p.length];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = data.label(i);
    }
    return Evaluation.of(p, labels, classNames);
  }

  /** Floats of frozen-layer output kept in memory (0 without that cache), for tests. */
  long keptActivationFloats() {
    return steps.keptActivationFloats();
  }
}
