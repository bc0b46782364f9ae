package dev.tftune.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.tftune.ConfigurationException;
import dev.tftune.TftuneException;
import dev.tftune.train.EpochMetrics;
import dev.tftune.train.TrainingHistory;
import dev.tftune.train.TrainingListener;
import dev.tftune.train.TrainingState;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code metrics.csv}: a row per epoch ({@code kind} {@code epoch}: training loss and
 * accuracy; validation loss, accuracy, macro F1 and, for two classes, ROC AUC; for a regression
 * validation MAE, RMSE and R²) and, when asked, a
 * row every N steps ({@code kind} {@code step}, with the epoch's figures so far). Rows are
 * flushed as they come, so the file can be watched or plotted while the run goes on. A resumed
 * run keeps the rows up to its checkpoint and drops the ones after it, which it repeats.
 */
public final class MetricsCsv implements TrainingListener {
  private static final CsvMapper CSV = new CsvMapper();
  private static final CsvSchema SCHEMA = CSV.schemaFor(Row.class);

  /**
   * One line of the file; validation figures are NaN in step rows and without validation, the
   * classification ones NaN for a regression and the regression ones NaN for a classifier.
   */
  @JsonPropertyOrder({"kind", "epoch", "step", "loss", "accuracy", "val_loss", "val_accuracy",
      "val_f1", "val_auc", "val_mae", "val_rmse", "val_r2", "learning_rate", "seconds"})
  public record Row(String kind, int epoch, long step, double loss, double accuracy,
      @JsonProperty("val_loss") double valLoss,
      @JsonProperty("val_accuracy") double valAccuracy,
      @JsonProperty("val_f1") double valF1,
      @JsonProperty("val_auc") double valAuc,
      @JsonProperty("val_mae") double valMae,
      @JsonProperty("val_rmse") double valRmse,
      @JsonProperty("val_r2") double valR2,
      @JsonProperty("learning_rate") double learningRate, double seconds) {}

  private final Path file;
  private final int everySteps;
  private Writer out;
  private ObjectWriter rows;

  private MetricsCsv(Path file, int everySteps) {
    this.file = file;
    this.everySteps = everySteps;
  }

  /** Epoch rows into {@code file}. */
  public static MetricsCsv to(Path file) {
    return new MetricsCsv(file, 0);
  }

  /** Also a row every {@code steps} steps; 0 (default) for epoch rows only. */
  public MetricsCsv everySteps(int steps) {
    if (steps < 0) {
      throw new ConfigurationException("a metrics row every " + steps + " steps",
          "pass a positive step count, or 0 for a row per epoch");
    }
    return new MetricsCsv(file, steps);
  }

  /** The rows of a metrics file, in order. */
  public static List<Row> read(Path file) {
    try (MappingIterator<Row> it = CSV.readerFor(Row.class).with(SCHEMA.withHeader())
        .readValues(file.toFile())) {
      return it.readAll();
    } catch (IOException e) {
      throw new TftuneException("cannot read " + file + ": " + e.getMessage(),
          "pass a metrics.csv that tftune wrote");
    }
  }

  @Override
  public void onTrainingBegin(TrainingState state) {
    List<Row> kept = new ArrayList<>();
    if (state.step() > 0 && Files.isRegularFile(file)) {
      read(file).stream().filter(r -> r.step() <= state.step()).forEach(kept::add);
    }
    rows = CSV.writer(SCHEMA.withoutHeader());
    List<String> header = new ArrayList<>();
    SCHEMA.forEach(c -> header.add(c.getName()));
    try {
      out = Files.newBufferedWriter(file);
      out.write(String.join(",", header) + "\n");
    } catch (IOException e) {
      throw failure(e);
    }
    kept.forEach(this::write);
  }

  @Override
  public void onStepEnd(TrainingState state) {
    if (everySteps > 0 && state.step() % everySteps == 0) {
      write(new Row("step", state.epoch(), state.step(), state.epochLoss(),
          state.epochAccuracy(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
          Double.NaN, Double.NaN, rate(state),
          state.epochSeconds()));
    }
  }

  @Override
  public void onEpochEnd(TrainingState state, EpochMetrics m) {
    write(new Row("epoch", m.epoch(), state.step(), m.loss(), m.accuracy(), m.validationLoss(),
        m.validationAccuracy(), m.validationMacroF1(), m.validationAuc(), m.validationMae(),
        m.validationRmse(), m.validationR2(), rate(state), m.seconds()));
  }

  /** The float rate as its shortest decimal (0.001, not 0.0010000000474974513). */
  private static double rate(TrainingState state) {
    return Double.parseDouble(Float.toString(state.learningRate()));
  }

  @Override
  public void onTrainingEnd(TrainingState state, TrainingHistory history) {
    close();
  }

  @Override
  public void onTrainingFailed(TrainingState state, RuntimeException failure) {
    if (out != null) {
      close();
    }
  }

  private void close() {
    try {
      out.close();
      out = null;
    } catch (IOException e) {
      throw failure(e);
    }
  }

  private void write(Row row) {
    try {
      out.write(rows.writeValueAsString(row));
      out.flush();
    } catch (IOException e) {
      throw failure(e);
    }
  }

  private TftuneException failure(IOException e) {
    return new TftuneException("cannot write " + file + ": " + e.getMessage(),
        "check that the run folder is writable and the disk has room", e);
  }
}
