package dev.tftune.cli;

import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.ModelInfo;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.savedmodel.SignatureInfo;
import dev.tftune.savedmodel.TensorInfo;
import dev.tftune.savedmodel.VariableInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
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

  @Override
  public Integer call() {
    ModelInfo info;
    try (BaseModel base = SavedModels.load(model)) {
      info = base.inspect();
    }
    PrintWriter out = spec.commandLine().getOut();
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

  private static void printTensors(PrintWriter out, String dir, Map<String, TensorInfo> ts) {
    ts.forEach((k, t) -> out.printf("  %s %-20s %-40s %-8s %s%n", dir, k, t.name(), t.dtype(),
        t.shapeString()));
  }
}
