package dev.tftune.cli;

import dev.tftune.TftuneException;
import dev.tftune.data.ImageDataset;
import dev.tftune.data.Scaling;
import dev.tftune.export.ExportResult;
import dev.tftune.export.ServingExporter;
import dev.tftune.head.Activation;
import dev.tftune.head.DenseHead;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.savedmodel.TensorInfo;
import dev.tftune.train.FineTuner;
import dev.tftune.train.TrainingHistory;
import dev.tftune.train.TrainingPlan;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Attach a classifier head to a SavedModel, train it, and export the result "
        + "for TF Serving.")
final class TrainCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--model", required = true, description = "base SavedModel folder")
  Path model;

  @Option(names = "--data", required = true,
      description = "IDX images file (labels file beside it by the standard name)")
  Path data;

  @Option(names = "--features", required = true,
      description = "tensor or signature output the head attaches to, e.g. "
          + "resnet_model/final_reduce_mean or pooled_output")
  String features;

  @Option(names = "--train-vars", paramLabel = "REGEX",
      description = "base variables to train (regex, found anywhere in the name); repeatable. "
          + "Default: none, the base stays frozen and its features are cached")
  List<String> trainVars = List.of();

  @Option(names = "--epochs", defaultValue = "5", description = "default ${DEFAULT-VALUE}")
  int epochs;

  @Option(names = "--batch", defaultValue = "32", description = "default ${DEFAULT-VALUE}")
  int batch;

  @Option(names = "--lr", defaultValue = "0.001", description = "default ${DEFAULT-VALUE}")
  float lr;

  @Option(names = "--optimizer", defaultValue = "adam",
      description = "adam, adamw, sgd or momentum; default ${DEFAULT-VALUE}")
  String optimizer;

  @Option(names = "--seed", defaultValue = "42", description = "default ${DEFAULT-VALUE}")
  long seed;

  @Option(names = "--limit", defaultValue = "0", description = "use the first N examples")
  int limit;

  @Option(names = "--validation-split", defaultValue = "0.1",
      description = "fraction held out; default ${DEFAULT-VALUE}")
  double validationSplit;

  @Option(names = "--scaling", defaultValue = "[0,1]",
      description = "pixel values: [0,1], [-1,1], [0,255] or per-image-standardization; "
          + "default ${DEFAULT-VALUE}")
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

  @Override
  public Integer call() {
    Scaling scale = Scaling.parse(scaling);
    DenseHead head = DenseHead.builder().hiddenUnits(hidden)
        .activation(Activation.parse(activation)).dropout(dropout).build();
    try (BaseModel base = SavedModels.load(model)) {
      base.tensor(features); // fail on a wrong name before reading any data
      ImageDataset dataset = DataFiles.images(data, limit, inputShape(base), scale);
      FineTuner tuner = FineTuner.builder().base(base).features(features).head(head)
          .plan(trainVars.isEmpty() ? TrainingPlan.headOnly() : TrainingPlan.matching(trainVars))
          .optimizer(Optimizers.byName(optimizer, lr)).epochs(epochs).batchSize(batch)
          .seed(seed).validationSplit(validationSplit).build();
      TrainingHistory history = tuner.fit(dataset);
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("baseModel", model.toAbsolutePath().toString());
      meta.put("features", features);
      meta.put("scaling", scale.label());
      meta.put("trainedBaseVariables", tuner.trainedBaseVariables());
      meta.put("seed", seed);
      ServingExporter.Builder exporter = ServingExporter.builder().session(base.session())
          .endpoints(tuner.endpoints()).exportBase(export).overwrite(overwrite).metadata(meta)
          .verifyWith(dataset);
      if (version != null) {
        exporter.version(version);
      }
      ExportResult result = exporter.build().export();
      PrintWriter out = spec.commandLine().getOut();
      out.printf("trained: %s%n", history.last());
      out.printf("exported: %s (variables %,d bytes; reload max abs diff %.2g)%n",
          result.directory(), result.variablesBytes(), result.maxAbsDiff());
      out.println("next:");
      out.printf("  ./tftune evaluate --model %s --data %s%n", result.directory(),
          heldOutData());
      result.nextCommands().forEach(c -> out.println("  " + c));
      out.flush();
    }
    return 0;
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
