package dev.tftune.cli;

import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.LoadOptions;
import dev.tftune.savedmodel.MetaGraphs;
import dev.tftune.savedmodel.ModelSafety;
import dev.tftune.savedmodel.ModelInfo;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.savedmodel.SignatureInfo;
import dev.tftune.savedmodel.TensorInfo;
import dev.tftune.savedmodel.VariableInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tensorflow.proto.MetaGraphDef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Show a SavedModel's format, signatures, variables, ops and gradient coverage.")
final class InspectCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin
  VerboseOption verbose;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "MODEL_DIR", description = "folder holding saved_model.pb")
  Path model;

  @Option(names = "--json", description = "print JSON instead of text")
  boolean json;

  @picocli.CommandLine.Mixin
  TrustOption trustOption;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    // read, never run: a model that acts outside itself is shown before it is refused
    MetaGraphDef meta = MetaGraphs.read(model, List.of());
    List<ModelSafety.Finding> outside = ModelSafety.scan(meta);
    if (!outside.isEmpty()) {
      // beside JSON on stdout, the findings go to stderr so the JSON stays parseable
      PrintWriter where = json ? spec.commandLine().getErr() : out;
      where.printf("model     %s%n%s%n", model, describe(outside,
          trustOption.trust ? "loaded with --trust-model" : "nothing of it was run"));
      where.flush();
      if (!trustOption.trust) {
        ModelSafety.requireSafe(meta, model);
      }
    }
    ModelInfo info;
    try (BaseModel base = SavedModels.load(model, LoadOptions.defaults()
        .trustModel(trustOption.trust))) {
      info = base.inspect();
    }
    if (json) {
      out.println(info.toJson());
    } else {
      print(out, info);
    }
    out.flush();
    return 0;
  }

  private void print(PrintWriter out, ModelInfo info) {
    out.printf("model     %s%nformat    %s%ntags      %s%n", model, info.format(), info.tags());
    info.rewrites().forEach(r -> out.println("import    " + r));
    out.println();
    for (SignatureInfo sig : info.signatures().values()) {
      out.printf("signature %s (%s)%n", sig.key(), sig.methodName());
      printTensors(out, "in ", sig.inputs());
      printTensors(out, "out", sig.outputs());
    }
    long fixed = info.variables().stream().filter(v -> !v.trainable()).count();
    out.printf("%nvariables %d (%,d parameters)%s%n", info.variables().size(),
        info.parameterCount(), fixed == 0 ? "" : "; " + fixed + " marked not trainable by the "
            + "model (optimizer slots, counters, moving statistics): never trained");
    for (VariableInfo v : info.variables()) {
      String path = info.objectPaths().get(v.name());
      out.printf("  %-60s %-18s %-8s %-9s%s%s%n", v.name(), Arrays.toString(v.shape()),
          v.dtype(), v.kind(), v.trainable() ? "" : " fixed",
          path == null ? "" : "  (object " + path + ")");
    }
    out.printf("%nops %d%n", info.ops().values().stream().mapToInt(Integer::intValue).sum());
    info.ops().forEach((type, n) -> out.printf("  %-40s %d%n", type, n));
    out.println();
    out.println(info.missingGradients().isEmpty()
        ? "gradients: every op between the inputs/variables and the outputs can be differentiated"
        : "no gradient for: " + String.join(", ", info.missingGradients())
            + " (variables before these ops cannot be trained)");
  }

  private static String describe(List<ModelSafety.Finding> outside, String state) {
    StringBuilder s = new StringBuilder("acts outside the model (" + state + "):");
    outside.forEach(f -> s.append("\n  ").append(f.describe()));
    return s.toString();
  }

  private static void printTensors(PrintWriter out, String dir, Map<String, TensorInfo> ts) {
    ts.forEach((k, t) -> out.printf("  %s %-20s %-40s %-8s %s%n", dir, k, t.name(), t.dtype(),
        t.shapeString()));
  }
}
