package dev.tftune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.graph.VariableKind;
import dev.tftune.testing.ModelQuirks;
import dev.tftune.testing.TinyModels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** inspect shows what an untrusted model would do, without running any of it. */
class UntrustedModelCommandLineTest {
  @TempDir
  Path tmp;

  @Test
  void inspectListsAnAbortingInitOpAndRefusesWithoutCrashing() {
    Path dir = ModelQuirks.withAbortingInitOp(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE));
    Cli.Run r = Cli.run("inspect", dir.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.out().contains("acts outside the model (nothing of it was run):\n"
        + "  op 'Abort' (node 'abort'): kills the process"), r.out());
    String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
    assertTrue(last.startsWith("error: the model " + dir + " has ops that act outside it"),
        last);
    assertTrue(last.contains("pass --trust-model"), last);
  }

  @Test
  void trainRefusesAFileWritingModelBeforeReadingAnything() {
    Path written = tmp.resolve("written.txt");
    Path dir = ModelQuirks.withFileWritingInitOp(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE), written, "x");
    Cli.Run r = Cli.run("train", "--model", dir.toString(), "--data", tmp.toString(),
        "--export", tmp.resolve("export").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("op 'WriteFile' (node 'write'): writes files"), r.err());
    assertTrue(!java.nio.file.Files.exists(written), "the init op never ran");
  }
}
