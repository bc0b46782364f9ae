package dev.tftune.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;

/**
 * Where a session run spends its time, from TensorFlow's own trace of the run: each op's
 * execution time, summed by op type or by whether another run executed the same op. On 2 cores
 * ops overlap, so shares are of the summed op time, not of wall time.
 */
final class OpProfile {
  private final Map<String, Long> micros;

  private OpProfile(Map<String, Long> micros) {
    this.micros = micros;
  }

  /** Runs once with a full trace and keeps each op's time. */
  static OpProfile of(Session.Runner runner) {
    RunOptions trace = RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE)
        .build();
    try (Result r = runner.setOptions(trace).runAndFetchMetadata()) {
      RunMetadata meta = r.getMetadata().orElseThrow(() -> new IllegalStateException(
          "TensorFlow returned no run metadata"));
      Map<String, Long> micros = new LinkedHashMap<>();
      meta.getStepStats().getDevStatsList().forEach(d -> {
        for (NodeExecStats n : d.getNodeStatsList()) {
          micros.merge(n.getNodeName() + "\t" + opType(n), n.getOpEndRelMicros(), Long::sum);
        }
      });
      return new OpProfile(micros);
    }
  }

  /** The op type from a trace label such as {@code name = MatMul(a, b)}. */
  private static String opType(NodeExecStats n) {
    String label = n.getTimelineLabel();
    int eq = label.indexOf(" = ");
    int paren = label.indexOf('(', Math.max(eq, 0));
    return eq >= 0 && paren > eq ? label.substring(eq + 3, paren) : "?";
  }

  long totalMicros() {
    return micros.values().stream().mapToLong(Long::longValue).sum();
  }

  Set<String> opNames() {
    return micros.keySet().stream().map(k -> k.substring(0, k.indexOf('\t')))
        .collect(Collectors.toSet());
  }

  /** Share of the summed op time spent in ops whose type passes the test. */
  double share(Predicate<String> type) {
    long in = micros.entrySet().stream()
        .filter(e -> type.test(e.getKey().substring(e.getKey().indexOf('\t') + 1)))
        .mapToLong(Map.Entry::getValue).sum();
    return (double) in / totalMicros();
  }

  /** Share of the summed op time spent in ops another profile ran too. */
  double shareOfOpsIn(OpProfile other) {
    Set<String> names = other.opNames();
    long in = micros.entrySet().stream()
        .filter(e -> names.contains(e.getKey().substring(0, e.getKey().indexOf('\t'))))
        .mapToLong(Map.Entry::getValue).sum();
    return (double) in / totalMicros();
  }

  /** The op types taking most time, as {@code MatMul 62%, Erf 6%, ...}. */
  String topTypes(int n) {
    Map<String, Long> byType = new TreeMap<>();
    micros.forEach((k, v) -> byType.merge(k.substring(k.indexOf('\t') + 1), v, Long::sum));
    double total = totalMicros();
    return byType.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(n).map(e -> String.format("%s %.0f%%", e.getKey(), 100 * e.getValue() / total))
        .collect(Collectors.joining(", "));
  }
}
