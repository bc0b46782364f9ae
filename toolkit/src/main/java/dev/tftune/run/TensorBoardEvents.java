package dev.tftune.run;

import dev.tftune.ConfigurationException;
import dev.tftune.TftuneException;
import dev.tftune.train.EpochMetrics;
import dev.tftune.train.TrainingHistory;
import dev.tftune.train.TrainingListener;
import dev.tftune.train.TrainingState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * Writes TensorBoard event files with TensorFlow's own summary writer ops (in a small graph
 * and session of their own, apart from the model's), so {@code tensorboard --logdir RUN_DIR}
 * shows the curves: per epoch {@code epoch/loss}, {@code epoch/accuracy},
 * {@code epoch/val_loss}, {@code epoch/val_accuracy}, {@code epoch/val_f1} (macro),
 * {@code epoch/val_auc} (two classes) and {@code epoch/learning_rate} (a regression has
 * {@code epoch/val_mae}, {@code epoch/val_rmse} and {@code epoch/val_r2} instead of the
 * accuracy and F1 curves), and per
 * N steps {@code step/loss}, {@code step/accuracy} and {@code step/learning_rate}; the x axis
 * is the training step. Each run (and each resume) adds an event file.
 */
public final class TensorBoardEvents implements TrainingListener {
  private final Path dir;
  private final int everySteps;
  private Graph graph;
  private Session session;
  private Placeholder<TString> tag;
  private Placeholder<TInt64> step;
  private Placeholder<TFloat32> value;
  private Op write;
  private Op flush;
  private Op close;

  private TensorBoardEvents(Path dir, int everySteps) {
    this.dir = dir;
    this.everySteps = everySteps;
  }

  /** Event files in {@code dir}, per epoch. */
  public static TensorBoardEvents in(Path dir) {
    return new TensorBoardEvents(dir, 0);
  }

  /** Also points every {@code steps} steps; 0 (default) for epochs only. */
  public TensorBoardEvents everySteps(int steps) {
    if (steps < 0) {
      throw new ConfigurationException("TensorBoard points every " + steps + " steps",
          "pass a positive step count, or 0 for a point per epoch");
    }
    return new TensorBoardEvents(dir, steps);
  }

  @Override
  public void onTrainingBegin(TrainingState state) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new TftuneException("cannot create " + dir + ": " + e.getMessage(),
          "check that the run folder is writable", e);
    }
    graph = new Graph();
    session = new Session(graph);
    Ops tf = Ops.create(graph);
    SummaryWriter writer = tf.summary.summaryWriter();
    tag = tf.placeholder(TString.class);
    step = tf.placeholder(TInt64.class);
    value = tf.placeholder(TFloat32.class);
    Op create = tf.summary.createSummaryFileWriter(writer, tf.constant(dir.toString()),
        tf.constant(100), tf.constant(5_000), tf.constant(".v2"));
    write = tf.summary.writeScalarSummary(writer, step, tag, value);
    flush = tf.summary.flushSummaryWriter(writer);
    close = tf.summary.closeSummaryWriter(writer);
    session.runner().addTarget(create).run().close();
  }

  @Override
  public void onStepEnd(TrainingState state) {
    if (everySteps > 0 && state.step() % everySteps == 0) {
      scalar("step/loss", state.step(), state.epochLoss());
      scalar("step/accuracy", state.step(), state.epochAccuracy());
      scalar("step/learning_rate", state.step(), state.learningRate());
    }
  }

  @Override
  public void onEpochEnd(TrainingState state, EpochMetrics m) {
    scalar("epoch/loss", state.step(), m.loss());
    if (!Double.isNaN(m.accuracy())) {
      scalar("epoch/accuracy", state.step(), m.accuracy());
    }
    if (state.hasValidation()) {
      scalar("epoch/val_loss", state.step(), m.validationLoss());
      if (!Double.isNaN(m.validationMae())) {
        scalar("epoch/val_mae", state.step(), m.validationMae());
        scalar("epoch/val_rmse", state.step(), m.validationRmse());
        scalar("epoch/val_r2", state.step(), m.validationR2());
      } else {
        scalar("epoch/val_accuracy", state.step(), m.validationAccuracy());
        scalar("epoch/val_f1", state.step(), m.validationMacroF1());
      }
      if (!Double.isNaN(m.validationAuc())) {
        scalar("epoch/val_auc", state.step(), m.validationAuc());
      }
    }
    scalar("epoch/learning_rate", state.step(), state.learningRate());
    session.runner().addTarget(flush).run().close();
  }

  @Override
  public void onTrainingEnd(TrainingState state, TrainingHistory history) {
    try {
      session.runner().addTarget(close).run().close();
    } finally {
      release();
    }
  }

  @Override
  public void onTrainingFailed(TrainingState state, RuntimeException failure) {
    if (session != null) {
      try {
        session.runner().addTarget(close).run().close(); // what was written stays readable
      } finally {
        release();
      }
    }
  }

  private void release() {
    session.close();
    graph.close();
    session = null;
    graph = null;
  }

  private void scalar(String name, long at, double v) {
    try (TString t = TString.scalarOf(name); TInt64 s = TInt64.scalarOf(at);
        TFloat32 x = TFloat32.scalarOf((float) v)) {
      session.runner().feed(tag, t).feed(step, s).feed(value, x).addTarget(write).run().close();
    }
  }
}
