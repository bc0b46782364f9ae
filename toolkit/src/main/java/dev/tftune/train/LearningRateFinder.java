package dev.tftune.train;

import dev.tftune.TftuneException;
import dev.tftune.data.Dataset;
import dev.tftune.data.Split;
import dev.tftune.optimizer.LearningRateSchedule;
import dev.tftune.savedmodel.Folders;
import dev.tftune.savedmodel.VariableCheckpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A learning-rate range test in the manner of fastai's {@code lr_find}: a short run whose rate
 * grows exponentially from {@link #MIN_RATE} to {@link #MAX_RATE}, one step at a time, until
 * the smoothed loss passes {@link #DIVERGENCE} times its lowest value; the suggested rate is
 * the one at the lowest smoothed loss divided by 10 (fast, but clear of the edge), to three
 * significant digits.
 *
 * <p>The head's rate comes from a sweep of a new head on the frozen base's cached features
 * (shared with the run that follows, so the base still runs once per example). When base
 * variables train, a second sweep trains them with the head for up to {@link #BASE_STEPS}
 * steps through the base and gives their own rate; their values are put back afterwards. The
 * sweeps train heads of their own and leave the run's configuration untouched.
 */
public final class LearningRateFinder {
  private static final Logger LOG = LoggerFactory.getLogger(LearningRateFinder.class);
  public static final float MIN_RATE = 1e-6f;
  public static final float MAX_RATE = 10f;
  /** Steps of a sweep on cached features. */
  public static final int HEAD_STEPS = 200;
  /** Steps of a sweep through the base. */
  public static final int BASE_STEPS = 100;
  public static final double DIVERGENCE = 4;
  private static final double SMOOTHING = 0.98;

  private final FineTuner tuner;

  private LearningRateFinder(FineTuner tuner) {
    this.tuner = Objects.requireNonNull(tuner);
  }

  /** A range test for the tuner's base, features, head, optimizer, data handling and seed. */
  public static LearningRateFinder of(FineTuner tuner) {
    return new LearningRateFinder(tuner);
  }

  /**
   * One sweep: the rates tried, the smoothed loss at each, and the rate it suggests.
   */
  public record Curve(float[] rates, double[] smoothedLosses, float suggestion) {}

  /**
   * The rates found: the head's, and the base variables' (null when the base is frozen).
   */
  public record Found(Curve head, Curve base) {
    public float headRate() {
      return head.suggestion();
    }

    public Float baseRate() {
      return base == null ? null : base.suggestion();
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "head %.3g", headRate())
          + (base == null ? "" : String.format(Locale.ROOT, ", base %.3g", baseRate()));
    }
  }

  /** Runs the sweeps on the tuner's training split of {@code data}. */
  public Found find(Dataset data) {
    return find(data, new FeatureStore());
  }

  /** The tuner with the rates found on {@code data}, sharing its cached features. */
  FineTuner tuned(Dataset data) {
    return tuned(data, new FeatureStore());
  }

  /** The tuner with the rates found, its features kept in (and shared through) the store. */
  FineTuner tuned(Dataset data, FeatureStore store) {
    Found found = find(data, store);
    FineTuner.Builder b = tuner.toBuilder().featureStore(store)
        .optimizer(tuner.optimizer().withLearningRate(found.headRate()));
    if (found.baseRate() != null) {
      b.baseLearningRate(found.baseRate());
    }
    return b.learningRateFound(found).build();
  }

  private Found find(Dataset data, FeatureStore store) {
    boolean baseTrains = tuner.trainsBase();
    boolean cachable = !data.randomized();
    FineTuner.Builder head = sweepOf(store).plan(TrainingPlan.headOnly())
        .gradualUnfreezing(List.of());
    Curve headCurve = sweep(head, data, cachable ? HEAD_STEPS : BASE_STEPS, false);
    // a base rate the user gave is kept
    Curve baseCurve = baseTrains && tuner.baseLearningRate() == null
        ? sweep(sweepOf(store), data, BASE_STEPS, true) : null;
    Found found = new Found(headCurve, baseCurve);
    LOG.info("learning rate found by a range test: {}", found);
    return found;
  }

  /** The tuner set up for a sweep: no listeners, no resume, BatchNorm statistics left alone. */
  private FineTuner.Builder sweepOf(FeatureStore store) {
    return tuner.toBuilder().clearListeners().logging(false).helper().featureStore(store)
        .batchNorm(BatchNormMode.INFERENCE).withoutResume().withoutBaseLearningRate()
        .findLearningRate(false).optimizer(tuner.optimizer().withLearningRate(1f));
  }

  private Curve sweep(FineTuner.Builder b, Dataset data, int steps, boolean restoreBase) {
    int training = Split.random(data.size(), tuner.validationSplit(), tuner.seed())
        .training().length;
    int perEpoch = (training + tuner.batchSize() - 1) / tuner.batchSize();
    List<Float> rates = new ArrayList<>();
    List<Double> losses = new ArrayList<>();
    double ratio = Math.log(MAX_RATE / MIN_RATE) / Math.max(1, steps - 1);
    LearningRateSchedule exponential = new LearningRateSchedule() {
      @Override
      public float rate(float base, long step, long total) {
        return (float) (MIN_RATE * Math.exp(ratio * (step - 1)));
      }

      @Override
      public String toString() {
        return "range test from " + MIN_RATE + " to " + MAX_RATE + " over " + steps + " steps";
      }
    };
    FineTuner sweep = b.schedule(exponential).epochs((steps + perEpoch - 1) / perEpoch)
        .validationSplit(tuner.validationSplit())
        .listener(new TrainingListener() {
          private double average;
          private double lowest = Double.POSITIVE_INFINITY;

          @Override
          public void onStepEnd(TrainingState state) {
            average = SMOOTHING * average + (1 - SMOOTHING) * state.stepLoss();
            double smoothed = average / (1 - Math.pow(SMOOTHING, state.step()));
            rates.add(state.learningRate());
            losses.add(smoothed);
            lowest = Math.min(lowest, smoothed);
            if (state.step() >= steps || !(smoothed <= DIVERGENCE * lowest)) {
              state.stopTraining();
            }
          }
        }).build();
    VariableCheckpoints base = restoreBase
        ? VariableCheckpoints.of(sweep.base().session(), sweep.trainedBaseVariables()) : null;
    Path snapshot = base != null ? saveBase(base) : null;
    try {
      sweep.fit(data);
    } finally {
      if (snapshot != null) {
        try {
          base.restore(snapshot.resolve("base").toString());
        } finally {
          Folders.delete(snapshot);
        }
      }
    }
    return curve(rates, losses);
  }

  /** The rate at the lowest smoothed loss, over 10; the default rate if the loss never fell. */
  private Curve curve(List<Float> rates, List<Double> losses) {
    int best = 0;
    for (int i = 0; i < losses.size(); i++) {
      if (losses.get(i) < losses.get(best)) {
        best = i;
      }
    }
    // three significant digits: a rate a user can read in the log and pass as --lr
    float suggestion = new java.math.BigDecimal(rates.get(best) / 10.0)
        .round(new java.math.MathContext(3)).floatValue();
    if (best == 0 || !(suggestion > 0)) {
      suggestion = tuner.optimizer().learningRate();
      LOG.warn("the range test's loss never fell below its first value: keeping the learning "
          + "rate {} (pass --lr to choose one)", suggestion);
    }
    float[] r = new float[rates.size()];
    double[] l = new double[losses.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = rates.get(i);
      l[i] = losses.get(i);
    }
    return new Curve(r, l, suggestion);
  }

  private static Path saveBase(VariableCheckpoints base) {
    try {
      Path dir = Files.createTempDirectory("tftune-lr-find");
      base.save(dir.resolve("base").toString());
      return dir;
    } catch (IOException e) {
      throw new TftuneException("cannot keep the base variables during the learning-rate range "
          + "test: " + e.getMessage(), "free space in the temporary folder, or pass --lr", e);
    }
  }
}
