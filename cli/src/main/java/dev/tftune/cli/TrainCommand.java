package dev.tftune.cli;

import dev.tftune.TftuneException;
import dev.tftune.data.Augmentation;
import dev.tftune.data.AugmentedImages;
import dev.tftune.data.Dataset;
import dev.tftune.data.ImageFitter;
import dev.tftune.data.LabelledTexts;
import dev.tftune.data.TableColumns;
import dev.tftune.data.RawImages;
import dev.tftune.data.Scaling;
import dev.tftune.export.ExportBase;
import dev.tftune.export.ExportResult;
import dev.tftune.export.ServingExporter;
import dev.tftune.graph.BatchNormSwitch;
import dev.tftune.head.Activation;
import dev.tftune.head.DenseHead;
import dev.tftune.models.bert.BertDataset;
import dev.tftune.models.bert.BertModel;
import dev.tftune.models.bert.BertPooling;
import dev.tftune.models.catalog.ModelCache;
import dev.tftune.models.image.ImageClassifier;
import dev.tftune.models.image.FeatureTensors;
import dev.tftune.models.image.ImageDecoding;
import dev.tftune.run.Fingerprints;
import dev.tftune.runtime.DeviceSettings;
import dev.tftune.run.RunFolder;
import dev.tftune.run.TrainingPlots;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.LoadOptions;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.savedmodel.TensorInfo;
import dev.tftune.train.BatchNormMode;
import dev.tftune.train.ClassWeights;
import dev.tftune.train.EarlyStopping;
import dev.tftune.train.EpochMetric;
import dev.tftune.train.FeatureCache;
import dev.tftune.train.FineTuner;
import dev.tftune.train.HeadSearch;
import dev.tftune.train.Objective;
import dev.tftune.train.RegressionLoss;
import dev.tftune.train.TrainedModel;
import dev.tftune.train.TrainingPlan;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", sortOptions = false,
    description = "Attach a classifier head to a SavedModel, train it, and export the result "
        + "for TF Serving.")
final class TrainCommand implements Callable<Integer> {
  // not mixinStandardHelpOptions: its -V/--version would clash with the export's --version,
  // and picocli then leaves out --help as well
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
  boolean help;

  @Mixin
  VerboseOption verbose;

  @Option(names = "--device", defaultValue = "cpu", paramLabel = "cpu|gpu[:N]",
      description = "where the session runs; a GPU needs the gpu build (mvn -Pgpu); default "
          + "${DEFAULT-VALUE}")
  String device;

  @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
      description = "threads per TensorFlow op pool; default 0, TensorFlow chooses")
  int threads;

  private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

  @Spec
  CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR|NAME",
      description = "base SavedModel folder, or a known model fetched on first use "
          + "(tftune models lists them: bert-base-uncased, bert-base-cased, ...)")
  String model;

  @Option(names = "--data", required = true,
      description = "TSV/CSV file of labelled texts or of numbers (see --input; with a header "
          + "row), a folder of images with one sub-folder per class, an IDX images file "
          + "(labels file beside it), NumPy arrays (.npz, or a folder of .npy), or tf.Example "
          + "records (.tfrecord, plain or gzip)")
  Path data;

  @Option(names = "--features",
      description = "tensor or signature output the head attaches to; default for images the "
          + "last global pooling before the outputs, for text chosen by --pooling")
  String features;

  @Mixin
  TextColumns columns;

  @Option(names = "--input", paramLabel = "NAME=COLUMNS",
      description = "numeric tables: the columns that feed signature input NAME, e.g. "
          + "x=f0..f95 or x=a,b,c, or one column holding a vector per cell ([1, 2] or 1 2); "
          + "repeatable; default the columns named as the inputs (NAME, or NAME0, NAME1, ...)")
  List<String> inputs = new java.util.ArrayList<>();

  @Option(names = "--signature", paramLabel = "NAME",
      description = "the signature whose inputs the data feeds and whose outputs the feature "
          + "tensor is looked for before (tables and images); default serving_default, or "
          + "the first")
  String signature;

  @Option(names = "--target", paramLabel = "COLUMNS",
      description = "numeric tables: train a regression head on these columns' values (e.g. "
          + "price, or y0..y2) instead of classes; NumPy data: the array of targets; "
          + "tf.Example records: the feature; default none: classes")
  String target;

  @Option(names = "--label-feature", paramLabel = "NAME", defaultValue = "label",
      description = "tf.Example records: the feature holding each example's class (int64 or "
          + "bytes); default ${DEFAULT-VALUE}")
  String labelFeature;

  @Option(names = "--multi-label",
      description = "numeric tables: each label cell holds a set of classes separated by | or "
          + "; (empty for none); a sigmoid per class, binary cross-entropy; default off")
  boolean multiLabel;

  @Option(names = "--loss", paramLabel = "mse|mae|huber",
      description = "the regression loss with --target; default mse")
  String loss;

  @Mixin
  RunOptions runOptions;

  @Mixin
  ScheduleOptions scheduleOptions;

  @Option(names = "--pooling", defaultValue = "cls",
      description = "text: cls (BERT's pooled [CLS] vector) or mean (masked mean of the token "
          + "vectors); default ${DEFAULT-VALUE}")
  String pooling;

  @Option(names = "--unfreeze-top", defaultValue = "0", paramLabel = "N",
      description = "train the top N encoder layers (text; and the pooler with cls pooling) or "
          + "residual blocks (images); default 0, the base stays frozen and its features are "
          + "cached")
  int unfreezeTop;

  @Option(names = "--batch-norm", defaultValue = "inference", paramLabel = "inference|update",
      description = "images: BatchNorm layers use their moving statistics (inference), or those "
          + "whose gamma trains normalize with batch statistics and update their moving "
          + "statistics (update); default ${DEFAULT-VALUE}")
  String batchNorm;

  @Option(names = "--max-length", defaultValue = "128",
      description = "text: tokens per example at most, [CLS] and [SEP] included; "
          + "default ${DEFAULT-VALUE}")
  int maxLength;

  @Option(names = "--train-vars", paramLabel = "REGEX",
      description = "base variables to train (regex, found anywhere in the name, or in a TF2 "
          + "variable's object path such as layer_with_weights-1/); repeatable. "
          + "Default: none, the base stays frozen and its features are cached")
  List<String> trainVars = List.of();

  @Option(names = "--epochs", defaultValue = "5", description = "default ${DEFAULT-VALUE}")
  int epochs;

  @Option(names = "--batch", defaultValue = "32", description = "default ${DEFAULT-VALUE}")
  int batch;

  @Option(names = "--lr", defaultValue = "auto", paramLabel = "LR|auto",
      description = "learning rate of the head (and of the base without --base-lr); auto: found "
          + "by a learning-rate range test (lr-find.png in the run folder), also the base's "
          + "when base variables train; default ${DEFAULT-VALUE}")
  String lr;

  @Option(names = "--l2", defaultValue = "0", paramLabel = "X",
      description = "L2 penalty X * sum(w^2) on the head's kernels; default ${DEFAULT-VALUE}")
  float l2;

  @Option(names = "--standardize", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "z-score a frozen base's cached features with the training split's mean and "
          + "std, kept in the head (the export carries it); default on")
  boolean standardize;

  @Option(names = "--prior-bias", negatable = true, defaultValue = "false", fallbackValue = "true",
      description = "start the logits' biases at the training labels' log frequencies (weighted "
          + "by --class-weights), so the first steps do not spend themselves learning the class "
          + "balance; default off")
  boolean priorBias;

  @Option(names = "--search", paramLabel = "GRID|auto",
      description = "train one head per combination on the cached features and keep the best "
          + "by --metric (validation), e.g. 'lr=1e-3,1e-2 l2=0,1e-4 hidden=0,256'; auto: lr "
          + "1e-3,3e-3,1e-2 x l2 0,1e-4 x hidden 0,256")
  String search;

  @Option(names = "--refit", description = "--search: train the best head on all the data, "
      + "the validation split included")
  boolean refit;

  @Option(names = "--base-lr", paramLabel = "LR",
      description = "learning rate of the unfrozen base variables, apart from the head's --lr; "
          + "default --lr for all")
  Float baseLr;

  @Option(names = "--optimizer", defaultValue = "adam",
      description = "adam, adamw, sgd or momentum; default ${DEFAULT-VALUE}")
  String optimizer;

  @Option(names = "--label-smoothing", defaultValue = "0", paramLabel = "S",
      description = "smooth the one-hot targets towards uniform by S (TensorFlow Java "
          + "Framework's categorical cross-entropy); default ${DEFAULT-VALUE}")
  float labelSmoothing;

  @Option(names = "--class-weights", defaultValue = "none",
      paramLabel = "none|balanced|auto|W,W,...",
      description = "weigh each class's examples in the training loss: balanced (inverse to "
          + "the class's share), one weight per class, or auto (none or balanced, whichever "
          + "gives the better validation F1, on cached features); default ${DEFAULT-VALUE}")
  String classWeights;

  @Option(names = "--weight-decay", paramLabel = "X",
      description = "adamw: decoupled weight decay; default 0.01")
  Float weightDecay;

  @Option(names = "--no-decay", paramLabel = "REGEX",
      description = "adamw: variables whose name REGEX finds are not decayed (repeatable); "
          + "default biases and LayerNorm/BatchNorm variables")
  List<String> noDecay = List.of();

  @Option(names = "--clip-norm", paramLabel = "NORM",
      description = "clip gradients to this global L2 norm; default 1.0 when base variables "
          + "train, else off")
  Float clipNorm;

  @Option(names = "--seed", defaultValue = "42", description = "default ${DEFAULT-VALUE}")
  long seed;

  @Option(names = "--limit", defaultValue = "0", description = "use the first N examples")
  int limit;

  @Option(names = "--validation-split", defaultValue = "0.1",
      description = "fraction held out; default ${DEFAULT-VALUE}")
  double validationSplit;

  @Option(names = "--early-stopping", paramLabel = "METRIC",
      description = "stop when val_loss, val_accuracy, val_f1 (macro), val_auc (two classes), "
          + "val_mae, val_rmse, val_r2 (regression), loss or accuracy has not improved for "
          + "--patience epochs; default off")
  String earlyStopping;

  @Option(names = "--patience", defaultValue = "3",
      description = "epochs without improvement before --early-stopping stops; default "
          + "${DEFAULT-VALUE}")
  int patience;

  @Option(names = "--min-delta", defaultValue = "0",
      description = "the smallest change that counts as an improvement for --early-stopping; "
          + "default ${DEFAULT-VALUE}")
  double minDelta;

  @Option(names = "--augment", defaultValue = "none", paramLabel = "SPEC",
      description = "images: random changes while training, e.g. flip,pad-crop=4,brightness=20 "
          + "(turns feature caching off); default ${DEFAULT-VALUE}")
  String augment;

  @Option(names = "--scaling", defaultValue = "[0,1]",
      description = "images: pixel values: [0,1], [-1,1], [0,255], per-image-standardization, "
          + "caffe (BGR, ImageNet means) or torch (ImageNet mean/std); default ${DEFAULT-VALUE}")
  String scaling;

  @Option(names = "--hidden", paramLabel = "UNITS", split = ",",
      description = "hidden layer sizes of the head, e.g. 128,64; default none")
  int[] hidden = new int[0];

  @Option(names = "--activation", defaultValue = "relu",
      description = "activation of hidden layers; default ${DEFAULT-VALUE}")
  String activation;

  @Option(names = "--dropout", defaultValue = "0", description = "dropout rate in the head")
  float dropout;

  @Option(names = "--export", required = true, paramLabel = "EXPORT_BASE",
      description = "folder for TF Serving versions (<EXPORT_BASE>/<version>)")
  Path export;

  @Option(names = "--version", description = "export version; default the next free number")
  Long version;

  @Option(names = "--overwrite", description = "replace an existing export version")
  boolean overwrite;

  @picocli.CommandLine.Mixin
  TrustOption trustOption;

  @Option(names = "--warmup-records", paramLabel = "N", defaultValue = "10",
      description = "examples TF Serving replays before it serves the export, each sent to "
          + "every signature (assets.extra/tf_serving_warmup_requests); 0 for none, at most "
          + "1000 (default ${DEFAULT-VALUE})")
  int warmupRecords;

  /** The optimizer's rate with --lr auto when the range test finds nothing better. */
  private static final float FALLBACK_RATE = 1e-3f;

  @Override
  public Integer call() {
    device(); // the first line: where it runs; and bad device options fail first
    DenseHead head = head(); // fail on bad head options before any model loads
    // a typo or a read-only --export must not cost the run it would end
    ExportBase.of(export).checkWritable(version, overwrite);
    if (unfreezeTop > 0 && scheduleOptions.unfreezesGradually()) {
      throw new TftuneException("--unfreeze-top and --unfreeze-schedule both choose what "
          + "trains", "pass one of them (the schedule's last stage trains to the end)");
    }
    Path modelDir = ModelCache.defaults().resolve(model, new ConsoleProgress(
        spec.commandLine().getErr()));
    if (loss != null && target == null) {
      throw new TftuneException("--loss " + loss + " is a regression loss, and no --target "
          + "names the values to regress", "pass --target COLUMNS, or leave --loss out");
    }
    if (ArrayData.isArrays(data)) {
      return trainOnSignature(modelDir, "TEST.npz", base -> ArrayData.read(data,
          base.defaultSignature().inputs(), columns.label, target, null, true, limit));
    }
    if (ExampleData.isRecords(data)) {
      return trainOnSignature(modelDir, "TEST.tfrecord", base -> ExampleData.read(data,
          base.defaultSignature(), labelFeature, target, null, true, limit));
    }
    if (!inputs.isEmpty() || target != null || multiLabel
        || TextColumns.isText(data)
            && (signature != null || TableData.namesInputs(data, modelDir, signature))) {
      return trainOnSignature(modelDir, "TEST_TABLE.csv", base -> TableData.read(data, inputs,
          target == null ? List.of() : TableColumns.expand(target), multiLabel, columns, null,
          base.defaultSignature().inputs(), null, true, limit));
    }
    return TextColumns.isText(data) ? trainText(modelDir, head) : trainImages(modelDir, head);
  }

  private DeviceSettings deviceSettings;

  /** The --device and --threads settings, stated in the log the first time, before any model. */
  private DeviceSettings device() {
    if (deviceSettings == null) {
      deviceSettings = DeviceSettings.parse(device).withThreads(threads);
      LOG.info("device: {}", deviceSettings.describe());
    }
    return deviceSettings;
  }

  /** --class-weights auto: the weightings a search picks from, by validation F1. */
  private static final String AUTO_WEIGHTS = "weights=none,balanced";

  private boolean autoWeights() {
    return classWeights.trim().equalsIgnoreCase("auto");
  }

  private ClassWeights classWeights() {
    try {
      return autoWeights() ? ClassWeights.none() : ClassWeights.parse(classWeights);
    } catch (dev.tftune.ConfigurationException e) {
      throw new TftuneException("--class-weights '" + classWeights + "' is not none, balanced, "
          + "auto or numbers", "pass --class-weights balanced, auto, or one weight per class "
          + "such as 1,4");
    }
  }

  private DenseHead head() {
    return DenseHead.builder().hiddenUnits(hidden).activation(Activation.parse(activation))
        .dropout(dropout).l2(l2).standardized(standardize).priorBias(priorBias).build();
  }

  private int trainImages(Path modelDir, DenseHead head) {
    Scaling scale = Scaling.parse(scaling);
    BatchNormMode bn = switch (batchNorm.toLowerCase(java.util.Locale.ROOT)) {
      case "inference" -> BatchNormMode.INFERENCE;
      case "update" -> BatchNormMode.UPDATE;
      default -> throw new TftuneException("unknown --batch-norm '" + batchNorm + "'",
          "pass --batch-norm inference or --batch-norm update");
    };
    LoadOptions plain = loadOptions();
    LoadOptions load = bn == BatchNormMode.UPDATE ? plain.withRewrite(new BatchNormSwitch())
        : plain;
    try (BaseModel base = SavedModels.load(modelDir, load)) {
      FineTuner.Builder tuner = ImageClassifier.tuner(base, features,
          trainVars.isEmpty() ? unfreezeTop : 0).batchNorm(bn);
      if (scheduleOptions.unfreezesGradually()) {
        tuner.gradualUnfreezing(ImageClassifier.unfreezingStages(base, features,
            scheduleOptions.unfreezeSchedule));
      }
      long[] imageShape = inputShape(base);
      Augmentation augmentation = Augmentation.parse(augment);
      RawImages raw = DataFiles.raw(data, limit, imageShape, scale);
      Dataset dataset = augmentation.isNone() ? ImageFitter.fit(raw, imageShape, scale)
          : new AugmentedImages(raw, imageShape, scale, augmentation);
      if (!augmentation.isNone()) {
        LOG.info("augmentation: {}", augmentation);
      }
      TrainedModel model = train(tuner, dataset, modelDir);
      ImageDecoding.Decoder decoder = ImageDecoding.build(base.graph(), imageShape, scale);
      export(model, heldOutData(),
          exporter -> exporter.encodedImages(decoder.bytes(), decoder.images())
              .warmupImages(raw));
    }
    return 0;
  }

  /**
   * Data for the signature's own inputs: a table's columns (--input, or by name), NumPy
   * arrays, or tf.Example records, read once the base is loaded.
   */
  private int trainOnSignature(Path modelDir, String testData,
      java.util.function.Function<BaseModel, Dataset> read) {
    if (unfreezeTop > 0 || scheduleOptions.unfreezesGradually()) {
      throw new TftuneException("--unfreeze-top counts residual blocks or encoder layers, and "
          + "a model fed from tables, arrays or records is taken as neither", "name the "
          + "variables to train with --train-vars REGEX");
    }
    try (BaseModel base = SavedModels.load(modelDir, loadOptions())) {
      Dataset table = read.apply(base);
      String tensor = features;
      if (tensor == null) {
        FeatureTensors.Found found = FeatureTensors.find(base);
        tensor = found.tensor();
        LOG.info("features: {}, {} (--features overrides)", tensor, found.reason());
      }
      FineTuner.Builder tuner = FineTuner.builder().base(base).features(tensor);
      if (table.multiLabel()) {
        tuner.objective(Objective.multiLabel());
      }
      if (table.regression()) {
        tuner.objective(Objective.regression(RegressionLoss.parse(loss == null ? "mse"
            : loss)));
      }
      export(train(tuner, table, modelDir), testData, exporter -> exporter);
    }
    return 0;
  }

  /** The device, and the signature heads bind to (--signature). */
  private LoadOptions loadOptions() {
    LoadOptions options = LoadOptions.defaults().withDevice(device())
        .trustModel(trustOption.trust);
    return signature == null ? options : options.withSignature(signature);
  }

  private int trainText(Path modelDir, DenseHead head) {
    if (signature != null) {
      throw new TftuneException("--signature chooses among a table or image model's "
          + "signatures, and a BERT encoder is fed through its own", "leave --signature out "
          + "for texts");
    }
    BertPooling pool = BertPooling.parse(pooling);
    try (BertModel bert = BertModel.load(modelDir, true, LoadOptions.defaults()
        .withDevice(device()).trustModel(trustOption.trust))) {
      LabelledTexts texts = columns.read(data, limit);
      BertDataset dataset = bert.dataset(texts, maxLength);
      LOG.info("data: {} texts from {}, classes {} (counts {}); {} tokens per text on average",
          texts.size(), data, texts.classNames(), Arrays.toString(texts.classCounts()),
          String.format("%.1f", dataset.meanLength()));
      FineTuner.Builder tuner = bert.classifier(pool, trainVars.isEmpty() ? unfreezeTop : 0);
      if (scheduleOptions.unfreezesGradually()) {
        tuner.gradualUnfreezing(Arrays.stream(scheduleOptions.unfreezeSchedule)
            .mapToObj(top -> bert.unfreezeTop(top, pool)).toList());
      }
      if (features != null) {
        tuner.features(features);
      }
      export(train(tuner, dataset, modelDir), "TEST_FILE.tsv", exporter -> exporter);
    }
    return 0;
  }

  /** Trains with the options every model family shares. */
  private TrainedModel train(FineTuner.Builder tuner, Dataset dataset, Path modelDir) {
    boolean baseTrains = !trainVars.isEmpty() || unfreezeTop > 0
        || scheduleOptions.unfreezesGradually();
    scheduleOptions.multiply(tuner);
    tuner.classWeights(classWeights());
    if (labelSmoothing != 0) {
      if (dataset.regression() || dataset.multiLabel()) {
        throw new TftuneException("--label-smoothing smooths one class per example, and "
            + (dataset.regression() ? "--target trains a regression" : "--multi-label predicts "
            + "sets"), "leave --label-smoothing out");
      }
      tuner.objective(Objective.classification(labelSmoothing));
    }
    if (!trainVars.isEmpty()) {
      tuner.plan(variablesByName());
    }
    boolean autoRate = lr.trim().equalsIgnoreCase("auto");
    tuner.head(head()).findLearningRate(autoRate)
        .optimizer(OptimizerNames.parse(optimizer, autoRate ? FALLBACK_RATE : learningRate(),
            weightDecay, noDecay))
        .schedule(scheduleOptions.schedule(baseTrains))
        .clipGlobalNorm(clipNorm != null ? clipNorm : baseTrains ? 1f : 0f)
        .epochs(epochs).batchSize(batch).seed(seed).validationSplit(validationSplit);
    if (baseLr != null) {
      tuner.baseLearningRate(baseLr);
    }
    if (earlyStopping != null) {
      EarlyStopping stop = EarlyStopping.on(earlyStopping).patience(patience).minDelta(minDelta);
      LOG.info("{}", stop);
      tuner.listener(stop);
    }
    if (ProgressBars.onTerminal()) {
      tuner.logging(false).listener(new ProgressBars());
    }
    RunFolder run = runOptions.folder(model);
    runOptions.attach(tuner, run, earlyStopping);
    String modelFingerprint = Fingerprints.of(modelDir);
    String dataFingerprint = Fingerprints.of(data);
    Map<String, Object> resolved = tuner.build().describe();
    FeatureCache cache = runOptions.featureCache(run, modelFingerprint, dataFingerprint,
        resolved, head(), dataset);
    if (cache != null) {
      tuner.featureCache(cache);
    }
    FineTuner configured = tuner.build();
    if (runOptions.resume != null) {
      requireSameData(run, dataFingerprint);
    } else {
      RunPlan.write(run, spec, modelDir, modelFingerprint, data, dataFingerprint, resolved);
    }
    LOG.info("run folder {} (tensorboard --logdir {})", run, run.tensorboard());
    TrainedModel trained = search == null && !autoWeights() ? configured.fit(dataset)
        : search(configured, dataset, baseTrains, dataset.regression());
    if (trained.learningRateFound() != null) {
      TrainingPlots.learningRates(trained.learningRateFound(), run.learningRates());
    }
    runOptions.finish(trained, run);
    boolean validated = !Double.isNaN(trained.history().last().validationLoss());
    if (!trained.regression() && !trained.multiLabel()) {
      TrainingPlots.confusion(trained.evaluate(trained.verificationData()).metrics(),
          validated ? "validation data" : "training data", run.confusion());
    }
    spec.commandLine().getOut().printf("run: %s%n", run);
    return trained;
  }

  /** --search, and --class-weights auto (a search over weightings, by val_f1 unless --metric). */
  private TrainedModel search(FineTuner configured, Dataset dataset, boolean baseTrains,
      boolean regression) {
    if (autoWeights() && baseTrains) {
      throw new TftuneException("--class-weights auto picks the weights by training heads on "
          + "cached features, and base variables train", "freeze the base, or pass "
          + "--class-weights balanced or one weight per class");
    }
    HeadSearch.Builder grid = HeadSearch.over(configured);
    if (search != null) {
      grid.parse(search);
    }
    if (autoWeights()) {
      grid.parse(AUTO_WEIGHTS);
    }
    // --class-weights auto alone weighs classes by F1; a search of --search by accuracy
    // a regression by its validation loss
    HeadSearch.Result result = grid.metric(runOptions.searchMetric(regression
        ? EpochMetric.VAL_LOSS : search == null ? EpochMetric.VAL_F1 : EpochMetric.VAL_ACCURACY))
        .refit(refit).build().run(dataset);
    PrintWriter out = spec.commandLine().getOut();
    out.println("head search:");
    out.println(result.table());
    out.flush();
    return result.model();
  }

  private float learningRate() {
    try {
      float rate = Float.parseFloat(lr.trim());
      if (rate > 0) {
        return rate;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new TftuneException("--lr '" + lr + "' is not a positive number or auto",
        "pass a rate such as --lr 0.001, or --lr auto");
  }

  private void requireSameData(RunFolder run, String dataFingerprint) {
    String recorded = RunPlan.dataFingerprint(run.dir());
    if (!recorded.equals(dataFingerprint)) {
      throw new TftuneException("the data " + data + " has changed since the run in " + run
          + " started", "resume with the data the run started with, or start a new run");
    }
  }

  private void export(TrainedModel model, String testData,
      UnaryOperator<ServingExporter.Builder> serving) {
    ServingExporter.Builder exporter = serving.apply(ServingExporter.builder(model)
        .exportBase(export).overwrite(overwrite).warmupRecords(warmupRecords));
    if (version != null) {
      exporter.version(version);
    }
    ExportResult result = exporter.build().export();
    PrintWriter out = spec.commandLine().getOut();
    out.printf("trained: %s%n", model.history().last());
    out.printf("exported: %s (variables %,d bytes; reload max abs diff %.2g)%n",
        result.directory(), result.variablesBytes(), result.maxAbsDiff());
    out.println("next:");
    out.printf("  ./tftune evaluate --model %s --data %s%n", result.directory(), testData);
    ServingHints.commands(result).forEach(c -> out.println("  " + c));
    out.flush();
  }

  /** The --train-vars plan; it and --unfreeze-top say the same thing two ways: one only. */
  private TrainingPlan variablesByName() {
    if (unfreezeTop > 0 || scheduleOptions.unfreezesGradually()) {
      throw new TftuneException("--train-vars and --unfreeze-top both choose what trains",
          "pass one of them");
    }
    return TrainingPlan.matching(trainVars);
  }

  /** MNIST's test file when it lies beside the training file, else a placeholder. */
  private String heldOutData() {
    String name = data.getFileName().toString();
    Path test = data.resolveSibling(name.replaceFirst("^train-", "t10k-"));
    return name.startsWith("train-") && Files.isRegularFile(test) ? test.toString()
        : "TEST_IMAGES";
  }

  static long[] inputShape(BaseModel base) {
    Map<String, TensorInfo> inputs = base.defaultSignature().inputs();
    if (inputs.size() != 1) {
      throw new TftuneException("image data needs a model with one input, but "
          + base.defaultSignature().key() + " takes " + inputs.keySet(),
          "use a model whose serving signature takes one image tensor");
    }
    long[] shape = inputs.values().iterator().next().shape();
    if (shape == null || shape.length < 2) {
      throw new TftuneException("the model input has shape " + Arrays.toString(shape),
          "use a model whose input is [batch, height, width, channels]");
    }
    return Arrays.copyOfRange(shape, 1, shape.length);
  }
}
