package dev.tftune.cli;

import dev.tftune.data.Dataset;
import dev.tftune.data.InputPreparation;
import dev.tftune.data.TextPreparation;
import dev.tftune.head.DenseHead;
import dev.tftune.run.Fingerprints;
import dev.tftune.run.RunFolder;
import dev.tftune.train.EpochMetric;
import dev.tftune.train.FeatureCache;
import dev.tftune.train.FineTuner;
import dev.tftune.train.TrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** The options of {@code train} about the run folder, checkpoints and resuming. */
final class RunOptions {
  private static final Logger LOG = LoggerFactory.getLogger(RunOptions.class);
  /** Where runs go without --run-dir; tests point it into their build folder. */
  static final String RUNS_PROPERTY = "tftune.runs";

  @Option(names = "--run-dir", paramLabel = "DIR",
      description = "folder for the run's plan.json, metrics.csv, TensorBoard events, plots and "
          + "checkpoints; default runs/<model>-<time>")
  Path runDir;

  @Option(names = "--resume", paramLabel = "RUN_DIR",
      description = "continue a run from its checkpoints/last with the options of its "
          + "plan.json (options given here override them)")
  Path resume;

  @Option(names = "--job", paramLabel = "FILE",
      description = "YAML or JSON file of options, keys named as the flags (epochs: 3); "
          + "flags given here override it")
  Path job;

  @Option(names = "--log-every", defaultValue = "0", paramLabel = "N",
      description = "also a metrics.csv row and TensorBoard point every N steps; default "
          + "epochs only")
  int logEvery;

  @Option(names = "--checkpoint-every", defaultValue = "0", paramLabel = "N",
      description = "also write checkpoints/last every N steps; default at each epoch's end")
  int checkpointEvery;

  @Option(names = "--metric", paramLabel = "METRIC",
      description = "what checkpoints/best follows: val_loss, val_accuracy, val_f1, val_auc, "
          + "loss or accuracy; default the --early-stopping metric, else val_loss (loss "
          + "without validation)")
  String metric;

  @Option(names = "--restore-best", negatable = true, defaultValue = "true",
      fallbackValue = "true",
      description = "with validation data, end with the best epoch's weights (checkpoints/best)"
          + " before evaluating and exporting; default ${DEFAULT-VALUE}")
  boolean restoreBest;

  @Option(names = "--cache-dir", paramLabel = "DIR",
      description = "frozen-base features on disk, keyed by fingerprints of the model, feature "
          + "tensor, pooling, preprocessing and data: a later run with the same ones skips the "
          + "base; default feature-cache/ beside the run folder")
  Path cacheDir;

  @Option(names = "--feature-cache", negatable = true, defaultValue = "true",
      fallbackValue = "true", description = "use the on-disk feature cache; default "
          + "${DEFAULT-VALUE}")
  boolean featureCache;

  /**
   * The on-disk feature cache of a run, keyed by everything the cached features depend on; null
   * when turned off.
   */
  FeatureCache featureCache(RunFolder run, String modelFingerprint, String dataFingerprint,
      Map<String, Object> tuner, DenseHead head, Dataset data) {
    if (!featureCache) {
      return null;
    }
    InputPreparation p = data.preparation();
    String preparation = p instanceof TextPreparation t
        ? t.tokenizer() + " " + t.columns() : p.toString();
    String key = Fingerprints.ofText(String.join("\n", modelFingerprint, dataFingerprint,
        String.valueOf(tuner.get("features")), head.pooling().toString(), preparation,
        "examples " + data.size()));
    Path dir = cacheDir != null ? cacheDir
        : run.dir().toAbsolutePath().getParent().resolve("feature-cache");
    return FeatureCache.in(dir, key);
  }

  /** The run folder: --resume's, --run-dir, or a new one named for the model and the time. */
  RunFolder folder(String model) {
    if (resume != null) {
      RunFolder existing = RunFolder.existing(resume);
      LOG.info("resuming the run in {}", resume);
      return existing;
    }
    Path dir = runDir;
    if (dir == null) {
      String name = Path.of(model).getFileName().toString() + "-"
          + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
      dir = Path.of(System.getProperty(RUNS_PROPERTY, "runs")).resolve(name);
      for (int n = 2; Files.exists(dir); n++) {
        dir = dir.resolveSibling(name + "-" + n);
      }
    }
    return RunFolder.create(dir);
  }

  /** What a head search picks by: --metric when it is a validation metric, else the default. */
  EpochMetric searchMetric(EpochMetric otherwise) {
    EpochMetric given = metric == null ? null : EpochMetric.parse(metric);
    return given != null && given.needsValidation() ? given : otherwise;
  }

  /** Adds the run folder's listeners, and resuming, to a tuner. */
  void attach(FineTuner.Builder tuner, RunFolder run, String earlyStopping) {
    String best = metric != null ? metric : earlyStopping;
    if (best != null) {
      EpochMetric.parse(best);
    }
    run.listeners(logEvery, checkpointEvery, best).forEach(tuner::listener);
    if (resume != null) {
      tuner.resumeFrom(run.lastCheckpoint());
    }
  }

  /**
   * Ends on the best epoch's weights when validation picked one (said in the log); else keeps
   * the last weights.
   */
  void finish(TrainedModel model, RunFolder run) {
    boolean validated = model.history().epochs().stream()
        .anyMatch(e -> !Double.isNaN(e.validationLoss()));
    if (restoreBest && validated && Files.isDirectory(run.bestCheckpoint())) {
      model.restoreCheckpoint(run.bestCheckpoint());
      LOG.info("restored the best epoch's weights from {}; evaluating and exporting those",
          run.bestCheckpoint());
    } else {
      LOG.info("exporting the last epoch's weights{}", validated ? " (--no-restore-best)" : "");
    }
  }
}
