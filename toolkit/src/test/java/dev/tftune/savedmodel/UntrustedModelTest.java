package dev.tftune.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.graph.VariableKind;
import dev.tftune.testing.ModelQuirks;
import dev.tftune.testing.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SavedModel is a program: one whose restore, init or signature ops act outside it is
 * refused before any of it runs, unless the user trusts it.
 */
class UntrustedModelTest {
  @TempDir
  Path tmp;

  @Test
  void anInitOpThatAbortsIsRefusedWithoutRunningIt() {
    Path dir = ModelQuirks.withAbortingInitOp(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE));
    SavedModelException e = assertThrows(SavedModelException.class,
        () -> SavedModels.load(dir));
    // reaching this line at all is the point: running the op would have killed the JVM
    assertTrue(e.getMessage().startsWith("the model " + dir + " has ops that act outside it, "
        + "which loading would run: op 'Abort' (node 'abort'): kills the process"),
        e.getMessage());
    assertTrue(e.getMessage().contains("(fix: load it only if you trust where it came from: "
        + "pass --trust-model"), e.getMessage());
  }

  @Test
  void anInitOpThatWritesAFileIsRefusedAndWritesNothing() {
    Path written = tmp.resolve("pwned.txt");
    Path dir = ModelQuirks.withFileWritingInitOp(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE), written, "hello");
    SavedModelException e = assertThrows(SavedModelException.class,
        () -> SavedModels.load(dir));
    assertTrue(e.getMessage().contains("op 'WriteFile' (node 'write'): writes files"),
        e.getMessage());
    assertFalse(Files.exists(written), "nothing of the model ran");
  }

  @Test
  void aTrustedModelLoadsAndRunsAsTensorFlowWould() throws Exception {
    Path written = tmp.resolve("written.txt");
    Path dir = ModelQuirks.withFileWritingInitOp(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE), written, "hello");
    try (BaseModel model = SavedModels.load(dir, LoadOptions.defaults().trustModel(true))) {
      assertTrue(model.signatures().containsKey("serving_default"));
    }
    assertEquals("hello", Files.readString(written), "the init op ran");
  }

  @Test
  void theFindingsNameOpNodeAndEffect() {
    Path dir = ModelQuirks.withFileWritingInitOp(TinyModels.write(tmp.resolve("m"),
        VariableKind.REF), tmp.resolve("x"), "x");
    List<ModelSafety.Finding> found = ModelSafety.scan(MetaGraphs.read(dir, List.of()));
    assertEquals(List.of(new ModelSafety.Finding("WriteFile", "write", null, "writes files")),
        found);
  }

  @Test
  void aSaveSignatureAndTheSaversOwnSaveOpsAreNoFindings() {
    // Keras's save signature writes where its caller says; tftune never runs it
    Path dir = ModelQuirks.withSaveSignature(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE));
    assertEquals(List.of(), ModelSafety.scan(MetaGraphs.read(dir, List.of())));
  }

  @Test
  void aPlainModelHasNoFindings() {
    for (VariableKind kind : VariableKind.values()) {
      Path dir = TinyModels.write(tmp.resolve("m-" + kind), kind);
      assertEquals(List.of(), ModelSafety.scan(MetaGraphs.read(dir, List.of())), kind.name());
    }
  }
}
