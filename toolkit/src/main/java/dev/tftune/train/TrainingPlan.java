package dev.tftune.train;

import dev.tftune.FixKeys;
import dev.tftune.TftuneException;
import dev.tftune.savedmodel.VariableInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which base-model variables train. The head always trains; a base variable trains when one of
 * the plan's regular expressions finds a match in its name ({@link java.util.regex.Matcher#find}
 * semantics: anchor with {@code ^...$} for whole names) or, for TF2 models, in its object-graph
 * path. Every other variable stays frozen, and
 * stays bit-identical. Batch normalization's {@code moving_mean} and {@code moving_variance} are
 * never selected. Immutable.
 */
public final class TrainingPlan {
  /**
   * Batch normalization's moving statistics are not trained by gradients, whatever the
   * patterns say: how BatchNorm behaves is a separate setting from which variables train.
   */
  private static final Pattern MOVING_STATISTICS = Pattern.compile("moving_(mean|variance)$");

  private final List<String> patterns;

  private TrainingPlan(List<String> patterns) {
    this.patterns = List.copyOf(patterns);
  }

  /** The whole base frozen: only the head trains, on features computed once. */
  public static TrainingPlan headOnly() {
    return new TrainingPlan(List.of());
  }

  /**
   * Base variables whose names match any of the expressions train too.
   *
   * @throws TftuneException for an invalid expression
   */
  public static TrainingPlan matching(List<String> regexes) {
    for (String r : regexes) {
      try {
        Pattern.compile(r);
      } catch (PatternSyntaxException e) {
        throw new TftuneException("the variable pattern '" + r + "' is not a valid regular "
            + "expression: "
            + e.getDescription(), "fix the expression (Java regex syntax)");
      }
    }
    return new TrainingPlan(regexes);
  }

  public static TrainingPlan matching(String... regexes) {
    return matching(List.of(regexes));
  }

  public List<String> patterns() {
    return patterns;
  }

  /**
   * Whether a variable can be trained by gradients: float32, marked trainable by the model (not
   * an optimizer slot or a counter), and not a BatchNorm moving statistic (those follow the
   * data, not the loss; matched by name too, for graphs that mark nothing).
   */
  public static boolean trainable(VariableInfo v) {
    return v.trainable() && v.dtype().equals("float32")
        && !MOVING_STATISTICS.matcher(v.name()).find();
  }

  /** True when no base variable trains. */
  public boolean isHeadOnly() {
    return patterns.isEmpty();
  }

  /**
   * The float32 variables the plan selects.
   *
   * @throws TftuneException when an expression selects nothing
   */
  public List<VariableInfo> select(List<VariableInfo> variables) {
    return select(variables, Map.of());
  }

  /**
   * The float32 variables the plan selects by name or, for TF2 models, by their path in the
   * saved object graph ({@code layer_with_weights-1/kernel}, the attribute names of the Python
   * objects).
   *
   * @param objectPaths variable name to object path; variables without one match by name only
   * @throws TftuneException when an expression selects nothing
   */
  public List<VariableInfo> select(List<VariableInfo> variables, Map<String, String> objectPaths) {
    List<VariableInfo> selected = new ArrayList<>();
    for (String regex : patterns) {
      Pattern p = Pattern.compile(regex);
      List<VariableInfo> hits = variables.stream()
          .filter(v -> trainable(v) && (p.matcher(v.name()).find()
              || objectPaths.containsKey(v.name())
                  && p.matcher(objectPaths.get(v.name())).find())).toList();
      if (hits.isEmpty()) {
        List<String> names = variables.stream().filter(TrainingPlan::trainable)
            .map(VariableInfo::name).limit(5).toList();
        throw new TftuneException("the variable pattern '" + regex + "' matches no trainable "
            + "float32 variable", "pick names from the variables BaseModel.inspect() lists, such as "
            + names).withFixKey(FixKeys.PLAN_NO_MATCH, names);
      }
      hits.stream().filter(v -> !selected.contains(v)).forEach(selected::add);
    }
    return selected;
  }

  @Override
  public String toString() {
    return isHeadOnly() ? "head only (base frozen)" : "head + base variables matching "
        + patterns;
  }
}
