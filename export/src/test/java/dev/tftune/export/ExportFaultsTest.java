package dev.tftune.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.graph.VariableKind;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.TinyModels;
import dev.tftune.train.FineTuner;
import dev.tftune.train.TrainedModel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failing disk or a killed export never leaves a partial version or damages one. */
class ExportFaultsTest {
  @TempDir
  Path tmp;

  private List<String> names(Path dir) throws Exception {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private void exportOnce(Path model, Path base) {
    try (BaseModel loaded = SavedModels.load(model)) {
      TrainedModel trained = FineTuner.builder().base(loaded).features("features").epochs(1)
          .build().fit(TinyModels.separable(60, 3));
      ServingExporter.builder(trained).exportBase(base).verifyWith(TinyModels.separable(60, 3))
          .build().export();
    }
  }

  /** Runs the child export under a file-size limit (KiB): past it, writes fail as on a full disk. */
  private static Result childExport(Path model, Path base, int fileSizeLimitKib)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder("bash", "-c", "ulimit -f " + fileSizeLimitKib
        + " && exec \"$0\" -XX:-UsePerfData -cp \"$1\" " + ExportInChildJvm.class.getName()
        + " \"$2\" \"$3\"", java, System.getProperty("java.class.path"), model.toString(),
        base.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8))) {
      out = r.lines().filter(l -> l.startsWith("error:") || l.startsWith("exported:"))
          .collect(Collectors.joining("\n"));
    }
    return new Result(p.waitFor(), out);
  }

  private record Result(int exitCode, String out) {}

  @Test
  void aDiskThatFillsDuringExportLeavesNoPartialVersionAndKeepsTheLastOne() throws Exception {
    Path model = TinyModels.write(tmp.resolve("m"), VariableKind.RESOURCE);
    Path base = tmp.resolve("exports");
    exportOnce(model, base);
    byte[] served = Files.readAllBytes(base.resolve("1/saved_model.pb"));
    // 1 KiB: below the export's saved_model.pb and checkpoint; the JVM itself writes nothing
    Result full = childExport(model, base, 1);
    assertEquals(3, full.exitCode(), full.out());
    assertTrue(full.out().contains("cannot write the export under " + base), full.out());
    assertTrue(full.out().contains("File too large"), full.out());
    assertTrue(full.out().contains("nothing was published"), full.out());
    assertEquals(List.of("1"), names(base), "no partial version 2, no temporary folder");
    assertTrue(java.util.Arrays.equals(served, Files.readAllBytes(
        base.resolve("1/saved_model.pb"))), "version 1 is untouched");
    Result roomy = childExport(model, base, 1 << 20);
    assertEquals(0, roomy.exitCode(), roomy.out());
    assertEquals("exported: 2", roomy.out());
  }

  @Test
  void theNextExportRemovesWhatAKilledOneLeft() throws Exception {
    Path model = TinyModels.write(tmp.resolve("m"), VariableKind.RESOURCE);
    Path base = tmp.resolve("exports");
    Process killed = new ProcessBuilder("sleep", "60").start();
    Path left = Files.createDirectories(base.resolve(".tmp-pid" + killed.pid() + "-x"));
    Files.write(left.resolve("saved_model.pb"), new byte[4096]);
    killed.destroyForcibly().waitFor();
    exportOnce(model, base);
    assertEquals(List.of("1"), names(base));
  }
}
