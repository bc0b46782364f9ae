package dev.tftune.cli;

import dev.tftune.TftuneException;
import dev.tftune.export.ServeCheck;
import dev.tftune.export.ServeCheck.SignatureRun;
import dev.tftune.savedmodel.TensorInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "serve-check", mixinStandardHelpOptions = true,
    description = "Load an export as TF Serving would (tag serve, the highest version of a "
        + "base), run every signature on its warm-up records and on tf.Examples built from "
        + "them, and print what a client sends.")
final class ServeCheckCommand implements Callable<Integer> {
  /** REST bodies longer than this are written to --bodies instead of printed. */
  private static final int INLINE_BODY = 2000;

  @picocli.CommandLine.Mixin
  VerboseOption verbose;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "EXPORT_BASE|EXPORT_DIR",
      description = "an export base (its highest numeric version is checked) or a version")
  Path export;

  @Option(names = "--bodies", paramLabel = "DIR",
      description = "write each signature's REST body to DIR/<signature>.json")
  Path bodies;

  @picocli.CommandLine.Mixin
  TrustOption trustOption;

  @Override
  public Integer call() {
    ServeCheck.Report report = ServeCheck.run(export, trustOption.trust);
    Path dir = report.directory().toAbsolutePath().normalize();
    Path base = dir.getParent();
    String name = base.getFileName().toString();
    PrintWriter out = spec.commandLine().getOut();
    out.printf("export    %s%n", dir);
    for (SignatureRun run : report.runs()) {
      out.printf("%nsignature %s (%s): ran %d requests, %d examples%n", run.signature().key(),
          run.signature().methodName(), run.requests(), run.examples());
      print(out, "in ", run.signature().inputs());
      print(out, "out", run.signature().outputs());
      out.printf("  first example: %s%n", run.firstResult());
    }
    if (!Double.isNaN(report.examplesMaxAbsDiff())) {
      out.printf("%nthe signature over tf.Examples agrees with serving_default on the same "
          + "examples: max abs diff %.2g%n", report.examplesMaxAbsDiff());
    }
    report.warnings().forEach(w -> out.println("warning: " + w));
    out.printf("%nserve it:%n  docker run --rm -p 8501:8501 -v %s:/models/%s -e MODEL_NAME=%s "
        + "tensorflow/serving%n  saved_model_cli show --dir %s --all%n", base, name, name, dir);
    out.println("send a request (TF Serving's REST API):");
    for (SignatureRun run : report.runs()) {
      String body = run.restBody();
      String url = "http://localhost:8501/v1/models/" + name + ":" + verb(run);
      if (bodies != null) {
        Path file = write(run.signature().key(), body);
        out.printf("  curl -d @%s %s%n", file, url);
      } else if (body.length() <= INLINE_BODY) {
        out.printf("  curl -d '%s' %s%n", body, url);
      } else {
        out.printf("  %s: a body of %,d characters; pass --bodies DIR to write it, then curl -d "
            + "@DIR/%s.json %s%n", run.signature().key(), body.length(), run.signature().key(),
            url);
      }
    }
    out.flush();
    return 0;
  }

  /** The REST verb of a signature's method. */
  private static String verb(SignatureRun run) {
    String method = run.signature().methodName();
    return method.endsWith("/classify") ? "classify" : method.endsWith("/regress") ? "regress"
        : "predict";
  }

  private Path write(String signature, String body) {
    try {
      Files.createDirectories(bodies);
      Path file = bodies.resolve(signature + ".json").toAbsolutePath();
      Files.writeString(file, body, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new TftuneException("cannot write REST bodies to " + bodies + ": " + e.getMessage(),
          "pass a writable folder to --bodies");
    }
  }

  private static void print(PrintWriter out, String dir, Map<String, TensorInfo> tensors) {
    tensors.forEach((k, t) -> out.printf("  %s %-20s %s%s%n", dir, k, t.dtype(),
        t.shapeString()));
  }
}
