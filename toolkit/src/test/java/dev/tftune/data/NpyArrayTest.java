package dev.tftune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;

/** NumPy files as NumPy 2 writes them (src/test/resources/numpy/make.py). */
class NpyArrayTest {
  private static Path resource(String name) {
    try {
      return Path.of(NpyArrayTest.class.getResource("/numpy/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final Map<String, NpyArray> MIXED = NpyArray.readArchive(resource("mixed.npz"));

  @Test
  void aFloat32MatrixReadsInCOrder() {
    NpyArray x = NpyArray.read(resource("x.npy"));
    assertArrayEquals(new long[] {4, 3}, x.shape());
    assertEquals(4, x.rows());
    assertEquals(3, x.width());
    assertEquals(1.25f, x.numbers()[5]);
  }

  @Test
  void aCompressedArchiveHoldsEveryArrayByName() {
    assertEquals(List.of("x", "seq", "labels", "names", "flags", "big", "small"),
        List.copyOf(MIXED.keySet()));
    assertArrayEquals(new long[] {2, 3, 4}, MIXED.get("seq").shape());
    assertEquals(23f, MIXED.get("seq").numbers()[23]);
  }

  @Test
  void integersBooleansAndBigEndianValuesReadAsNumbers() {
    assertArrayEquals(new float[] {0, 2, 1, 2}, MIXED.get("labels").numbers());
    assertArrayEquals(new float[] {1, 0, 1, 1}, MIXED.get("flags").numbers());
    assertArrayEquals(new float[] {1, -2, 300}, MIXED.get("big").numbers());
    assertArrayEquals(new float[] {255, 7}, MIXED.get("small").numbers());
  }

  @Test
  void unicodeStringsReadAsStrings() {
    assertArrayEquals(new String[] {"cat", "dog", "bird", "dog"}, MIXED.get("names").strings());
    assertNull(MIXED.get("names").numbers());
  }

  @Test
  void fortranOrderAndPythonObjectsFailWithTheFix() {
    DataException fortran = assertThrows(DataException.class,
        () -> NpyArray.read(resource("fortran.npy")));
    assertTrue(fortran.getMessage().contains("ascontiguousarray"), fortran.getMessage());
    DataException objects = assertThrows(DataException.class,
        () -> NpyArray.read(resource("objects.npy")));
    assertTrue(objects.getMessage().contains("'|O'"), objects.getMessage());
  }

  @Test
  void arraysNamedAsTheInputsFillThemAndLabelsBecomeClasses() {
    NumericExamples data = NumpyArrays.read(MIXED, "mixed.npz", Map.of("x",
        new NumericExamples.Input(new long[] {-1}, "float32")), null, null, null, true, 0);
    assertEquals(4, data.size());
    assertEquals(List.of("0", "1", "2"), data.classNames());
    assertEquals(2, data.label(1));
    try (Tensor x = data.batch(new int[] {1}, 1).get("x")) {
      float[] v = new float[3];
      ((TFloat32) x).asRawTensor().data().asFloats().read(v);
      assertArrayEquals(new float[] {0.75f, 1f, 1.25f}, v);
    }
  }

  @Test
  void stringLabelsSortAsNames() {
    NumericExamples data = NumpyArrays.read(MIXED, "mixed.npz", Map.of("x",
        new NumericExamples.Input(new long[] {3}, "float32")), "names", null, null, true, 0);
    assertEquals(List.of("bird", "cat", "dog"), data.classNames());
    assertEquals(0, data.label(2));
  }

  @Test
  void anInputWithoutAnArrayFailsListingTheArrays() {
    DataException e = assertThrows(DataException.class, () -> NumpyArrays.read(MIXED,
        "mixed.npz", Map.of("image", new NumericExamples.Input(new long[] {3}, "float32")),
        null, null, null, true, 0));
    assertTrue(e.getMessage().contains("no array 'image'") && e.getMessage().contains("seq"),
        e.getMessage());
  }

  @Test
  void anArrayThatDoesNotFillItsInputFails() {
    DataException e = assertThrows(DataException.class, () -> NumpyArrays.read(
        Map.of("x", MIXED.get("x"), "labels", MIXED.get("labels")), "mixed.npz",
        Map.of("x", new NumericExamples.Input(new long[] {4}, "float32")), null, null, null,
        true, 0));
    assertTrue(e.getMessage().contains("does not fill input 'x'"), e.getMessage());
  }

  @Test
  void aTargetArrayMakesRegressionData() {
    NumericExamples data = NumpyArrays.read(MIXED, "mixed.npz", Map.of("x",
        new NumericExamples.Input(new long[] {3}, "float32")), null, "labels", null, true, 0);
    assertTrue(data.regression());
    assertEquals(List.of("labels"), data.classNames());
    assertArrayEquals(new float[] {2}, data.targets(1));
  }
}
