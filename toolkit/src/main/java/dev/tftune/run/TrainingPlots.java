package dev.tftune.run;

import dev.tftune.TftuneException;
import dev.tftune.metrics.ClassificationMetrics;
import dev.tftune.train.EpochMetrics;
import dev.tftune.train.LearningRateFinder;
import dev.tftune.train.TrainingListener;
import dev.tftune.train.TrainingState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * The run's pictures, drawn with XChart: {@code curves.png} (training and validation loss and
 * accuracy per epoch, redrawn after every epoch), {@code confusion.png} (a confusion
 * matrix, true classes down, predicted across, counts in the cells) and {@code lr-find.png}
 * (the learning-rate range test). Files are replaced
 * whole.
 */
public final class TrainingPlots implements TrainingListener {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 420;

  private final Path file;

  private TrainingPlots(Path file) {
    this.file = file;
  }

  /** A listener that draws the loss and accuracy curves into {@code file} after each epoch. */
  public static TrainingPlots curves(Path file) {
    return new TrainingPlots(file);
  }

  @Override
  public void onEpochEnd(TrainingState state, EpochMetrics metrics) {
    List<EpochMetrics> history = state.history();
    double[] epochs = history.stream().mapToDouble(EpochMetrics::epoch).toArray();
    XYChart loss = chart("loss", "cross-entropy");
    XYChart accuracy = chart("accuracy", "fraction right");
    loss.addSeries("training", epochs, history.stream().mapToDouble(EpochMetrics::loss)
        .toArray());
    accuracy.addSeries("training", epochs, history.stream()
        .mapToDouble(EpochMetrics::accuracy).toArray());
    if (state.hasValidation()) {
      loss.addSeries("validation", epochs, history.stream()
          .mapToDouble(EpochMetrics::validationLoss).toArray());
      accuracy.addSeries("validation", epochs, history.stream()
          .mapToDouble(EpochMetrics::validationAccuracy).toArray());
    }
    write(file, out -> BitmapEncoder.saveBitmap(List.of(loss, accuracy), 1, 2, out,
        BitmapEncoder.BitmapFormat.PNG));
  }

  /**
   * Draws a confusion matrix into {@code file}.
   *
   * @param title such as "validation, epoch 5"
   */
  public static void confusion(ClassificationMetrics metrics, String title, Path file) {
    List<String> names = metrics.classNames();
    int n = names.size();
    HeatMapChart chart = new HeatMapChartBuilder().width(Math.max(WIDTH, 60 * n + 200))
        .height(Math.max(HEIGHT, 50 * n + 150)).title("confusion: " + title)
        .xAxisTitle("predicted").yAxisTitle("true").build();
    chart.getStyler().setShowValue(true).setLegendVisible(false);
    long[][] counts = metrics.confusion();
    List<Number[]> cells = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      for (int p = 0; p < n; p++) {
        // rows drawn bottom-up: the first class goes on top
        cells.add(new Number[] {p, n - 1 - t, counts[t][p]});
      }
    }
    List<String> down = new ArrayList<>(names);
    Collections.reverse(down);
    chart.addSeries("counts", names, down, cells);
    write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
  }

  /**
   * Draws the learning-rate range test's curves (smoothed loss against the rate, on a log
   * scale) into {@code file}, the chosen rates marked.
   */
  public static void learningRates(LearningRateFinder.Found found, Path file) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title("learning-rate range test: " + found).xAxisTitle("learning rate")
        .yAxisTitle("smoothed training loss").build();
    chart.getStyler().setXAxisLogarithmic(true).setMarkerSize(0).setDecimalPattern("#0.###");
    add(chart, "head", found.head());
    if (found.base() != null) {
      add(chart, "base", found.base());
    }
    write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
  }

  private static void add(XYChart chart, String name, LearningRateFinder.Curve curve) {
    double[] rates = new double[curve.rates().length];
    for (int i = 0; i < rates.length; i++) {
      rates[i] = curve.rates()[i];
    }
    chart.addSeries(name, rates, curve.smoothedLosses());
    double low = Arrays.stream(curve.smoothedLosses()).min().orElse(0);
    double high = Arrays.stream(curve.smoothedLosses()).max().orElse(1);
    chart.addSeries(name + " chosen " + String.format(Locale.ROOT, "%.3g", curve.suggestion()),
        new double[] {curve.suggestion(), curve.suggestion()}, new double[] {low, high});
  }

  private static XYChart chart(String title, String yAxis) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle("epoch").yAxisTitle(yAxis).build();
    chart.getStyler().setMarkerSize(6).setDecimalPattern("#0.###");
    return chart;
  }

  private interface Drawing {
    void to(OutputStream out) throws IOException;
  }

  private static void write(Path file, Drawing drawing) {
    headless();
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        drawing.to(out);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new TftuneException("cannot write " + file + ": " + e.getMessage(),
          "check that the run folder is writable and the disk has room", e);
    }
  }

  /** Charts draw off screen; a server or CI machine has no display. */
  private static void headless() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }
}
