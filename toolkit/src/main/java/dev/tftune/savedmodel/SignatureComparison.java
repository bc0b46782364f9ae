package dev.tftune.savedmodel;

import dev.tftune.graph.DataTypes;
import dev.tftune.graph.Graphs;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * Runs every signature of two loaded versions of one model (original and rewritten) on the
 * same probe inputs and compares the outputs: a rewrite is used only when it computes what the
 * original computes.
 */
final class SignatureComparison {
  /** Unknown dimensions of probe inputs take this size. */
  private static final int PROBE_SIZE = 2;
  /**
   * Ops whose effects outlive the run: writes to variables (assignments, optimizer and scatter
   * updates), to files (checkpoints, WriteFile), to tables and to queues.
   */
  private static final Pattern SIDE_EFFECT = Pattern.compile(
      "Assign.*|(Resource)?(Sparse)?Apply.*|(Resource)?Scatter(Nd)?(Update|Add|Sub|Mul|Div|Min|Max)"
          + "|SaveV2|Save|SaveSlices|MergeV2Checkpoints|WriteFile|DeleteFile"
          + "|LookupTable(Insert|Import|Remove)(V2)?|InitializeTable.*"
          + "|Queue(Enqueue|Dequeue|Close).*|Write.*Summary.*");

  private SignatureComparison() {}

  /**
   * Whether the rewritten model computes what the graph before it computes: every signature
   * without side effects gives the same outputs within {@code tolerance}; the detail names the
   * largest difference and the signatures not run.
   */
  static CheckedRewrite.Verdict sameOutputs(SavedModelBundle rewritten,
      MetaGraphDef rewrittenGraph, CheckedRewrite.Before before, double tolerance) {
    Outcome o = compare(before.bundle(), before.graph(), rewritten, rewrittenGraph);
    if (o.failure() != null) {
      return CheckedRewrite.Verdict.failed(o.failure());
    }
    if (!(o.maxAbsDiff() <= tolerance)) {
      return CheckedRewrite.Verdict.failed("outputs differ by " + o.maxAbsDiff());
    }
    return CheckedRewrite.Verdict.proven(String.format(" (largest difference %.2g)",
        o.maxAbsDiff()) + (o.notRun().isEmpty() ? ""
            : " (not run, as they have side effects: " + o.notRun() + ")"));
  }

  /**
   * The largest absolute difference between the two models' outputs over all signatures
   * (strings and integers must be equal: any difference counts as infinite).
   *
   * <p>Signatures with side effects (a {@code train} step that updates variables, a
   * {@code save} that writes a checkpoint, a table or queue update) are not run: running them
   * would change the model about to be used or write where nobody asked, and their outputs
   * depend on the order of runs. What a signature reaches is decided from its ops, functions it
   * calls included, never from its name.
   *
   * @return the difference, or a reason in {@code failure} when they cannot be compared
   */
  static Outcome compare(SavedModelBundle original, MetaGraphDef originalMeta,
      SavedModelBundle rewritten, MetaGraphDef rewrittenMeta) {
    double diff = 0;
    List<String> notRun = new ArrayList<>();
    for (var e : originalMeta.getSignatureDefMap().entrySet()) {
      if (Graphs.isInternalSignature(e.getKey())) {
        continue;
      }
      SignatureDef rewrittenSig = rewrittenMeta.getSignatureDefMap().get(e.getKey());
      if (rewrittenSig != null && hasSideEffects(rewrittenMeta.getGraphDef(), rewrittenSig)
          || hasSideEffects(originalMeta.getGraphDef(), e.getValue())) {
        notRun.add(e.getKey());
        continue;
      }
      SignatureDef a = e.getValue();
      SignatureDef b = rewrittenMeta.getSignatureDefMap().get(e.getKey());
      if (b == null) {
        return new Outcome(Double.NaN, "signature " + e.getKey() + " disappeared");
      }
      List<Tensor> inputs = new ArrayList<>();
      try {
        for (var in : a.getInputsMap().entrySet()) {
          inputs.add(probe(in.getValue()));
        }
        float[][] first = run(original.session(), a, inputs);
        float[][] second = run(rewritten.session(), b, inputs);
        if (first == null || second == null) {
          if ((first == null) != (second == null)) {
            return new Outcome(Double.NaN, "signature " + e.getKey() + " runs in only one "
                + "version");
          }
          continue; // neither runs on probe inputs (a parser of tf.Example, say)
        }
        for (int k = 0; k < first.length; k++) {
          if (first[k].length != second[k].length) {
            return new Outcome(Double.NaN, "signature " + e.getKey() + " changed shape");
          }
          for (int i = 0; i < first[k].length; i++) {
            diff = Math.max(diff, Math.abs(first[k][i] - second[k][i]));
          }
        }
      } finally {
        inputs.forEach(Tensor::close);
      }
    }
    return new Outcome(diff, null, notRun);
  }

  /**
   * The comparison's result: a difference, or why there is none; the signatures left out as
   * they have side effects.
   */
  record Outcome(double maxAbsDiff, String failure, List<String> notRun) {
    Outcome(double maxAbsDiff, String failure) {
      this(maxAbsDiff, failure, List.of());
    }
  }

  /**
   * Whether an op with a side effect runs before the signature's outputs, control inputs and the
   * bodies of called functions (calls, branches, loops) included.
   */
  static boolean hasSideEffects(GraphDef graph, SignatureDef sig) {
    Map<String, NodeDef> nodes = new HashMap<>();
    graph.getNodeList().forEach(n -> nodes.put(n.getName(), n));
    Map<String, FunctionDef> functions = new HashMap<>();
    graph.getLibrary().getFunctionList().forEach(f -> functions.put(f.getSignature().getName(), f));
    Deque<String> work = new ArrayDeque<>();
    sig.getOutputsMap().values().forEach(t -> work.add(Graphs.opName(t.getName())));
    Set<String> seen = new HashSet<>();
    Set<String> seenFunctions = new HashSet<>();
    while (!work.isEmpty()) {
      NodeDef n = nodes.get(work.pop());
      if (n == null || !seen.add(n.getName())) {
        continue;
      }
      if (hasSideEffect(n, functions, seenFunctions)) {
        return true;
      }
      n.getInputList().forEach(in -> work.add(Graphs.opName(in)));
    }
    return false;
  }

  /** Whether the op, or any function it calls ({@link Graphs#calledFunctions}), has one. */
  private static boolean hasSideEffect(NodeDef n, Map<String, FunctionDef> functions,
      Set<String> seenFunctions) {
    if (SIDE_EFFECT.matcher(n.getOp()).matches()) {
      return true;
    }
    for (String name : Graphs.calledFunctions(n)) {
      FunctionDef f = functions.get(name);
      if (f != null && seenFunctions.add(name)) {
        for (NodeDef body : f.getNodeDefList()) {
          if (hasSideEffect(body, functions, seenFunctions)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Outputs in key order as floats (strings hashed), or null when the run fails. */
  private static float[][] run(Session session, SignatureDef sig, List<Tensor> inputs) {
    Session.Runner runner = session.runner();
    int i = 0;
    for (var in : sig.getInputsMap().values()) {
      runner.feed(in.getName(), inputs.get(i++));
    }
    List<String> keys = sig.getOutputsMap().keySet().stream().sorted().toList();
    keys.forEach(k -> runner.fetch(sig.getOutputsMap().get(k).getName()));
    try (Result r = runner.run()) {
      float[][] out = new float[keys.size()][];
      for (int k = 0; k < keys.size(); k++) {
        out[k] = values(r.get(k));
      }
      return out;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static float[] values(Tensor t) {
    if (t instanceof TString s) {
      float[] out = new float[(int) s.size()];
      int[] i = {0};
      s.scalars().forEach(v -> out[i[0]++] = v.getObject().hashCode());
      return out;
    }
    if (t instanceof TFloat32 f) {
      return dev.tftune.graph.Tensors.floats(f);
    }
    float[] out = new float[(int) t.size()];
    if (t instanceof TInt32 n) {
      int[] ints = new int[out.length];
      n.asRawTensor().data().asInts().read(ints);
      for (int i = 0; i < ints.length; i++) {
        out[i] = ints[i];
      }
    } else if (t instanceof TInt64 n) {
      long[] longs = new long[out.length];
      n.asRawTensor().data().asLongs().read(longs);
      for (int i = 0; i < longs.length; i++) {
        out[i] = longs[i];
      }
    } else {
      byte[] bytes = new byte[(int) t.numBytes()];
      t.asRawTensor().data().read(bytes);
      out = new float[bytes.length];
      for (int i = 0; i < bytes.length; i++) {
        out[i] = bytes[i];
      }
    }
    return out;
  }

  /** Deterministic non-zero values of the input's dtype; unknown sizes become 2. */
  private static Tensor probe(org.tensorflow.proto.TensorInfo info) {
    long[] dims = info.hasTensorShape() && !info.getTensorShape().getUnknownRank()
        ? DataTypes.dims(info.getTensorShape()) : new long[] {PROBE_SIZE};
    if (dims == null) {
      dims = new long[] {PROBE_SIZE};
    }
    long n = 1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < 0) {
        dims[i] = PROBE_SIZE;
      }
      n *= dims[i];
    }
    Shape shape = Shape.of(dims);
    DataType type = info.getDtype();
    int count = (int) n;
    return switch (type) {
      case DT_FLOAT -> {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
          v[i] = (float) Math.sin(i + 1);
        }
        yield TFloat32.tensorOf(shape, DataBuffers.of(v));
      }
      case DT_INT32 -> {
        int[] v = new int[count];
        for (int i = 0; i < count; i++) {
          v[i] = i % 3;
        }
        yield TInt32.tensorOf(shape, DataBuffers.of(v));
      }
      case DT_INT64 -> {
        long[] v = new long[count];
        for (int i = 0; i < count; i++) {
          v[i] = i % 3;
        }
        yield TInt64.tensorOf(shape, DataBuffers.of(v));
      }
      case DT_STRING -> {
        var empty = NdArrays.ofObjects(String.class, shape);
        empty.scalars().forEach(v -> v.setObject(""));
        yield TString.tensorOf(empty);
      }
      default -> dev.tftune.graph.Tensors.zeros(type, shape);
    };
  }
}
