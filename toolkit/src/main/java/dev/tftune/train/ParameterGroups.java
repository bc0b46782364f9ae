package dev.tftune.train;

import dev.tftune.graph.GraphVariable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How each trained variable learns: its learning-rate multiplier (the first
 * {@link FineTuner.Builder#learningRateMultiplier} pattern its name matches, else the base rate
 * factor for base variables and 1 for the head) and the epoch it starts training in (gradual
 * unfreezing; 1 for the head). Variables alike share one optimizer build.
 */
final class ParameterGroups {
  /** One group: its rate is the scheduled rate times {@code multiplier}. */
  record Key(float multiplier, int firstEpoch) {}

  private final List<Pattern> patterns;
  private final List<Float> multipliers;
  private final float baseFactor;
  private final Map<String, Integer> firstEpochs;

  ParameterGroups(List<Pattern> patterns, List<Float> multipliers, float baseFactor,
      Map<String, Integer> firstEpochs) {
    this.patterns = List.copyOf(patterns);
    this.multipliers = List.copyOf(multipliers);
    this.baseFactor = baseFactor;
    this.firstEpochs = Map.copyOf(firstEpochs);
  }

  Key of(GraphVariable variable, boolean head) {
    float m = head ? 1f : baseFactor;
    for (int i = 0; i < patterns.size(); i++) {
      if (patterns.get(i).matcher(variable.name()).find()) {
        m = multipliers.get(i);
        break;
      }
    }
    return new Key(m, head ? 1 : firstEpochs.getOrDefault(variable.name(), 1));
  }

  /** The variables by group, groups in order of first appearance (the head's first). */
  Map<Key, List<Integer>> split(List<GraphVariable> variables, int headCount) {
    Map<Key, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < variables.size(); i++) {
      groups.computeIfAbsent(of(variables.get(i), i < headCount), k -> new ArrayList<>())
          .add(i);
    }
    return groups;
  }
}
