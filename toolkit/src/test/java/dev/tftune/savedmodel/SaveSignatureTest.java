package dev.tftune.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.graph.VariableKind;
import dev.tftune.testing.ModelQuirks;
import dev.tftune.testing.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TF2 model with a {@code save} signature (a {@code checkpoint_path} input into SaveV2, as
 * Keras models exported with train/save/restore functions have): loading it checks the inlined
 * graph against the original, and that check must not run the save.
 */
class SaveSignatureTest {
  @TempDir
  Path tmp;

  @Test
  void loadingAModelWithASaveSignatureLeavesTheWorkingDirectoryUnchanged() throws IOException {
    Path dir = ModelQuirks.withSaveSignature(TinyModels.write(tmp.resolve("model"),
        VariableKind.RESOURCE));
    Path cwd = Path.of("").toAbsolutePath();
    List<Path> before = listing(cwd);

    try (BaseModel model = SavedModels.load(dir)) {
      assertTrue(model.rewrites().stream().anyMatch(r -> r.contains("inlined")),
          "the inlining and its check ran: " + model.rewrites());
      assertTrue(model.signatures().containsKey("save"));
      model.inspect();
    }

    assertEquals(before, listing(cwd));
  }

  static List<Path> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }
}
