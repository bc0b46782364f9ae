package dev.tftune.train;

import dev.tftune.ConfigurationException;
import dev.tftune.data.Dataset;
import dev.tftune.head.DenseHead;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A grid search over heads on a frozen base's cached features: every combination of learning
 * rate, L2 factor, hidden layers and class weights trains on the same features (the base runs
 * once per dataset, however many heads train), is scored by a validation metric at its last
 * epoch, and the best settings train the final model, with the tuner's listeners (run folder,
 * checkpoints), on the same split or, with {@link Builder#refit}, on all the data.
 *
 * <pre>{@code
 * HeadSearch.Result r = HeadSearch.over(tuner).learningRates(1e-3f, 1e-2f).l2(0, 1e-4f)
 *     .hidden(new int[0], new int[] {256}).build().run(data);
 * System.out.println(r.table());
 * TrainedModel best = r.model();
 * }</pre>
 *
 * <p>Defaults: the tuner's learning rate, its head's L2 factor and hidden layers, its class
 * weights (a grid of one), {@link EpochMetric#VAL_ACCURACY}, no refit.
 */
public final class HeadSearch {
  private static final Logger LOG = LoggerFactory.getLogger(HeadSearch.class);

  private final FineTuner tuner;
  /** Whether the grid names the rates; else the tuner's, or the one its range test finds. */
  private final boolean ratesGiven;
  private final List<Float> rates;
  private final List<Float> l2s;
  private final List<int[]> hiddens;
  private final List<ClassWeights> weights;
  private final EpochMetric metric;
  private final boolean refit;

  private HeadSearch(Builder b) {
    this.tuner = b.tuner;
    this.ratesGiven = !b.rates.isEmpty();
    this.rates = List.copyOf(b.rates.isEmpty() ? List.of(tuner.optimizer().learningRate())
        : b.rates);
    this.l2s = List.copyOf(b.l2s.isEmpty() ? List.of(tuner.head().l2()) : b.l2s);
    this.hiddens = List.copyOf(b.hiddens.isEmpty() ? List.of(tuner.head().hiddenUnits())
        : b.hiddens);
    this.weights = List.copyOf(b.weights.isEmpty() ? List.of(tuner.classWeights())
        : b.weights);
    this.metric = b.metric;
    this.refit = b.refit;
  }

  /** A search over heads for the tuner's base, features, data handling and training. */
  public static Builder over(FineTuner tuner) {
    return new Builder(Objects.requireNonNull(tuner));
  }

  /** One trained candidate: its settings, its score and its last epoch. */
  public record Trial(float learningRate, float l2, int[] hidden, ClassWeights weights,
      double score, EpochMetrics last, double seconds) {
    /**
     * The settings as the search spells them: {@code lr=0.001 l2=0.0001 hidden=256
     * weights=none}.
     */
    public String settings() {
      return "lr=" + plain(learningRate) + " l2=" + plain(l2) + " hidden=" + hiddenSpec(hidden)
          + " weights=" + weights.spec();
    }
  }

  /** What the search found: every trial in grid order, the best, and the final model. */
  public record Result(List<Trial> trials, Trial best, EpochMetric metric, TrainedModel model) {
    public Result {
      trials = List.copyOf(trials);
    }

    /** The trials as a text table, the best marked with {@code *}. */
    public String table() {
      // a regression's columns are its errors; a classifier's its accuracy and F1
      boolean regression = !Double.isNaN(best.last().validationMae());
      StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
          "  %-10s %-8s %-10s %-10s %9s %13s %9s %10s%n", "lr", "l2", "hidden", "weights",
          "val_loss", regression ? "val_mae" : "val_accuracy", regression ? "val_r2" : "val_f1",
          "seconds"));
      for (Trial t : trials) {
        EpochMetrics m = t.last();
        s.append(String.format(Locale.ROOT, "%s %-10s %-8s %-10s %-10s %9.4f %13.4f %9.4f %10.1f%n",
            t == best ? "*" : " ", plain(t.learningRate()), plain(t.l2()), hiddenSpec(t.hidden()),
            t.weights().spec(), m.validationLoss(),
            regression ? m.validationMae() : m.validationAccuracy(),
            regression ? m.validationR2() : m.validationMacroF1(), t.seconds()));
      }
      return s.append("best by ").append(metric.label()).append(": ").append(best.settings())
          .toString();
    }
  }

  /** How many heads the search trains before the final one. */
  public int size() {
    return rates.size() * l2s.size() * hiddens.size() * weights.size();
  }

  /** The grid, as the log says it. */
  @Override
  public String toString() {
    return "lr=" + (ratesGiven || !tuner.findsLearningRate() ? plain(rates)
        : "found by a range test") + " l2=" + plain(l2s) + " hidden="
        + String.join(",", hiddens.stream().map(HeadSearch::hiddenSpec).toList()) + " weights="
        + String.join(",", weights.stream().map(ClassWeights::spec).toList());
  }

  /**
   * Trains every candidate on a seeded split of {@code data} (the tuner's validation split),
   * then the final model with the best settings.
   *
   * @throws ConfigurationException when there is no validation split, the base trains or the
   *     data is augmented (no cached features to search on), or the tuner resumes a run
   */
  public Result run(Dataset data) {
    requireSearchable(data);
    FeatureStore store = new FeatureStore();
    FineTuner base = tuner;
    List<Float> rates = this.rates;
    if (tuner.findsLearningRate() && !ratesGiven) {
      base = LearningRateFinder.of(tuner).tuned(data, store);
      rates = List.of(base.optimizer().learningRate());
    }
    List<Trial> trials = new ArrayList<>();
    LOG.info("head search over {}: {} candidates on cached features, scored by {}", this,
        size(), metric.label());
    for (Trial setting : grid(rates)) {
      long start = System.nanoTime();
      TrainedModel m = candidate(base, setting, store).clearListeners().logging(false)
          .helper().build().fit(data);
      EpochMetrics last = m.history().last();
      Trial t = new Trial(setting.learningRate(), setting.l2(), setting.hidden(),
          setting.weights(), metric.of(last), last, (System.nanoTime() - start) / 1e9);
      LOG.info("head search {}: {}: {} {}", trials.size() + 1, t.settings(), metric.label(),
          String.format(Locale.ROOT, "%.4f", t.score()));
      trials.add(t);
    }
    Trial best = trials.get(0);
    for (Trial t : trials) {
      if (!Double.isNaN(t.score()) && (Double.isNaN(best.score())
          || metric.improves(t.score(), best.score(), 0))) {
        best = t;
      }
    }
    LOG.info("head search: best {} ({} {}); training it {}", best.settings(), metric.label(),
        String.format(Locale.ROOT, "%.4f", best.score()),
        refit ? "on all " + data.size() + " examples" : "again with the run's listeners");
    FineTuner.Builder last = candidate(base, best, store);
    if (refit) {
      last.validationSplit(0);
    }
    return new Result(trials, best, metric, last.build().fit(data));
  }

  /** Every combination, in grid order (weights, hidden, L2, then rate), not yet scored. */
  private List<Trial> grid(List<Float> rates) {
    List<Trial> grid = new ArrayList<>();
    for (ClassWeights w : weights) {
      for (int[] hidden : hiddens) {
        for (float l2 : l2s) {
          rates.forEach(rate -> grid.add(new Trial(rate, l2, hidden, w, Double.NaN, null, 0)));
        }
      }
    }
    return grid;
  }

  /** The tuner with a trial's settings, sharing the search's features. */
  private static FineTuner.Builder candidate(FineTuner tuner, Trial settings,
      FeatureStore store) {
    DenseHead head = tuner.head().toBuilder().hiddenUnits(settings.hidden()).l2(settings.l2())
        .build();
    return tuner.toBuilder().head(head)
        .optimizer(tuner.optimizer().withLearningRate(settings.learningRate()))
        .classWeights(settings.weights()).featureStore(store).findLearningRate(false);
  }

  private void requireSearchable(Dataset data) {
    if (tuner.validationSplit() == 0) {
      throw new ConfigurationException("a head search with no validation split",
          "hold out a validation split (such as 0.1) to score the candidates on");
    }
    if (tuner.resumes()) {
      throw new ConfigurationException("a head search that resumes a run",
          "resume the final run without the search, or search in a new run");
    }
    if (data.randomized() || tuner.trainsBase()) {
      throw new ConfigurationException("a head search " + (data.randomized()
          ? "on augmented data" : "with base variables training") + ": it searches on "
          + "cached features of a frozen base", "freeze the base and turn augmentation off for "
          + "the search, or train one configuration without it");
    }
  }

  private static String plain(List<Float> values) {
    return String.join(",", values.stream().map(HeadSearch::plain).toList());
  }

  /** A float as written: 0.0001, not 1.0E-4. */
  static String plain(float v) {
    return new java.math.BigDecimal(Float.toString(v)).stripTrailingZeros().toPlainString();
  }

  /** {@code 0} for no hidden layer, else the layers' sizes joined by '-'. */
  static String hiddenSpec(int[] hidden) {
    return hidden.length == 0 ? "0" : Arrays.stream(hidden).mapToObj(Integer::toString)
        .collect(Collectors.joining("-"));
  }

  /** Builder of {@link HeadSearch}. */
  public static final class Builder {
    private final FineTuner tuner;
    private final List<Float> rates = new ArrayList<>();
    private final List<Float> l2s = new ArrayList<>();
    private final List<int[]> hiddens = new ArrayList<>();
    private final List<ClassWeights> weights = new ArrayList<>();
    private EpochMetric metric = EpochMetric.VAL_ACCURACY;
    private boolean refit;

    private Builder(FineTuner tuner) {
      this.tuner = tuner;
    }

    /**
     * The default grid of {@code --search auto}: learning rates 1e-3, 3e-3 and 1e-2, L2 0 and
     * 1e-4, no hidden layer and one of 256 units (12 heads).
     */
    public Builder auto() {
      return learningRates(1e-3f, 3e-3f, 1e-2f).l2(0f, 1e-4f).hidden(new int[0],
          new int[] {256});
    }

    /**
     * Reads a grid such as {@code lr=1e-3,3e-3 l2=0,1e-4 hidden=0,256,512-128
     * weights=none,balanced,1:4}, or {@code auto}; a dimension left out keeps the tuner's
     * value.
     */
    public Builder parse(String spec) {
      String s = spec.trim();
      if (s.equalsIgnoreCase("auto")) {
        return auto();
      }
      for (String part : s.split("\\s+")) {
        int eq = part.indexOf('=');
        String key = eq < 0 ? part : part.substring(0, eq).toLowerCase(Locale.ROOT);
        String[] values = eq < 0 ? new String[0] : part.substring(eq + 1).split(",");
        try {
          switch (key) {
            case "lr" -> rates.addAll(Arrays.stream(values).map(Float::parseFloat).toList());
            case "l2" -> l2s.addAll(Arrays.stream(values).map(Float::parseFloat).toList());
            case "weights" -> {
              for (String v : values) {
                weights.add(ClassWeights.parse(v.replace(':', ',')));
              }
            }
            case "hidden" -> {
              for (String v : values) {
                hiddens.add(v.equals("0") ? new int[0]
                    : Arrays.stream(v.split("-")).mapToInt(Integer::parseInt).toArray());
              }
            }
            default -> throw new ConfigurationException("the search dimension '" + part
                + "' in '" + spec + "'", "search lr=, l2=, hidden= and weights=, such as "
                + "'lr=1e-3,1e-2 l2=0,1e-4 hidden=0,256 weights=none,balanced', or pass auto");
          }
        } catch (NumberFormatException e) {
          throw new ConfigurationException("the search values '" + part + "' are not numbers",
              "write values such as lr=1e-3,1e-2 l2=0,1e-4 hidden=0,256,512-128");
        }
        if (values.length == 0) {
          throw new ConfigurationException("the search dimension '" + part + "' has no values",
              "give values after '=', such as lr=1e-3,1e-2");
        }
      }
      return this;
    }

    /** Learning rates to try (the tuner's optimizer with each rate). */
    public Builder learningRates(float... values) {
      for (float v : values) {
        if (!(v > 0)) {
          throw new ConfigurationException("a searched learning rate of " + v,
              "search positive rates such as 1e-3,1e-2");
        }
        rates.add(v);
      }
      return this;
    }

    /** L2 factors to try ({@link DenseHead.Builder#l2}). */
    public Builder l2(float... values) {
      for (float v : values) {
        DenseHead.builder().l2(v); // the head's own check and message
        l2s.add(v);
      }
      return this;
    }

    /** Class weightings to try ({@link FineTuner.Builder#classWeights}). */
    public Builder classWeights(ClassWeights... options) {
      weights.addAll(List.of(options));
      return this;
    }

    /** Hidden layer configurations to try; an empty array for none. */
    public Builder hidden(int[]... layers) {
      for (int[] l : layers) {
        DenseHead.builder().hiddenUnits(l);
        hiddens.add(l.clone());
      }
      return this;
    }

    /** The validation metric that picks the best; default val_accuracy. */
    public Builder metric(EpochMetric metric) {
      if (!metric.needsValidation()) {
        throw new ConfigurationException("a head search scored by " + metric.label(),
            "score by a validation metric: val_accuracy, val_loss, val_f1 or val_auc");
      }
      this.metric = metric;
      return this;
    }

    /**
     * Whether the best settings train the final model on all the data, the validation split
     * included (default false: on the same split, so the final run reports its validation).
     */
    public Builder refit(boolean on) {
      this.refit = on;
      return this;
    }

    public HeadSearch build() {
      return new HeadSearch(this);
    }
  }
}
