package dev.tftune.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.TftuneException;
import dev.tftune.data.ImageDataset;
import dev.tftune.graph.VariableKind;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.testing.TinyModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A classifier's data must have two classes; empty and runaway classes are named. */
class ClassCoverageTest {
  @TempDir
  Path tmp;

  private static ImageDataset labelled(int[] labels, List<String> names) {
    return new ImageDataset(new float[labels.length * 4], new long[] {4}, labels, names);
  }

  @Test
  void oneClassIsRefusedBeforeTraining() {
    try (BaseModel base = SavedModels.load(TinyModels.write(tmp.resolve("m"),
        VariableKind.RESOURCE))) {
      FineTuner tuner = FineTuner.builder().base(base).features("features").epochs(1).build();
      TftuneException e = assertThrows(TftuneException.class,
          () -> tuner.fit(labelled(new int[20], List.of("cat"))));
      assertTrue(e.getMessage().startsWith("every example of the data is of class 'cat'"),
          e.getMessage());
      assertTrue(e.getMessage().contains("(fix: give examples of at least 2 classes"),
          e.getMessage());
    }
  }

  @Test
  void oneClassWithOthersNamedButEmptyIsStillOneClass() {
    assertThrows(TftuneException.class,
        () -> ClassCoverage.warning(labelled(new int[] {1, 1, 1}, List.of("a", "b", "c"))));
  }

  @Test
  void anEmptyClassIsNamed() {
    Optional<String> w = ClassCoverage.warning(labelled(new int[] {0, 2, 0, 2},
        List.of("a", "b", "c")));
    assertEquals(Optional.of("class [b] has no training examples, so the head will never "
        + "learn to predict it"), w);
  }

  @Test
  void labelIdsFarBeyondTheClassesSeenAreCalledOut() {
    // digits 0-9 and one stray label 200, as an IDX file with a bad byte reads
    int[] labels = IntStream.range(0, 101).map(i -> i == 100 ? 200 : i % 10).toArray();
    List<String> names = new ArrayList<>();
    for (int c = 0; c <= 200; c++) {
      names.add(Integer.toString(c));
    }
    String w = ClassCoverage.warning(labelled(labels, names)).orElseThrow();
    assertTrue(w.startsWith("the head gets 201 outputs for 11 classes with examples: label "
        + "ids go up to 200 (190 classes have none)"), w);
  }

  @Test
  void everyClassWithExamplesNeedsNoWarning() {
    assertEquals(Optional.empty(), ClassCoverage.warning(labelled(new int[] {0, 1, 2},
        List.of("a", "b", "c"))));
  }
}
