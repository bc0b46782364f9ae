package dev.tftune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** Numeric tables fill a model's inputs from their columns, in the inputs' shapes and dtypes. */
class NumericTableTest {
  private static final NumericExamples.Input THREE = new NumericExamples.Input(new long[] {3},
      "float32");

  private static TextTable csv(String content) {
    return TextTable.parse(content, ',', "t.csv");
  }

  private static float[] floats(Tensor t) {
    float[] out = new float[(int) t.shape().size()];
    ((TFloat32) t).asRawTensor().data().asFloats().read(out);
    return out;
  }

  @Test
  void aRangeOfColumnsFillsTheInputInOrder() {
    TextTable t = csv("f2,f0,f1,label\n3,1,2,x\n6,4,5,y\n");
    NumericExamples data = NumericTable.read(t, TableColumns.parse(List.of("v=f0..f2"), "label"),
        Map.of("v", THREE), null, 0);

    try (Tensor v = data.batch(new int[] {1, 0}, 2).get("v")) {
      assertArrayEquals(new long[] {2, 3}, v.shape().asArray());
      assertArrayEquals(new float[] {4, 5, 6, 1, 2, 3}, floats(v));
    }
    assertEquals(List.of("x", "y"), data.classNames());
    assertEquals(1, data.label(1));
  }

  @Test
  void oneColumnHoldingVectorsFillsARankThreeInput() {
    TextTable t = csv("seq,label\n\"[1, 2, 3, 4, 5, 6]\",a\n1 2 3 4 5 7,b\n");
    NumericExamples data = NumericTable.read(t, TableColumns.parse(List.of("s=seq"), "label"),
        Map.of("s", new NumericExamples.Input(new long[] {2, 3}, "float32")), null, 0);

    try (Tensor s = data.batch(new int[] {0, 1}, 2).get("s")) {
      assertArrayEquals(new long[] {2, 2, 3}, s.shape().asArray());
      assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 7}, floats(s));
    }
  }

  @Test
  void anUnknownDimensionIsFoundFromTheNumberOfValues() {
    TextTable t = csv("seq,label\n1 2 3 4 5 6,a\n");
    NumericExamples data = NumericTable.read(t, TableColumns.parse(List.of("s=seq"), "label"),
        Map.of("s", new NumericExamples.Input(new long[] {-1, 3}, "float32")), null, 0);
    assertArrayEquals(new long[] {2, 3}, data.shape("s"));
  }

  @Test
  void integerInputsAreFedRoundedInTheirDtype() {
    TextTable t = csv("id,label\n7,a\n");
    NumericExamples data = NumericTable.read(t, TableColumns.parse(List.of("id=id"), "label"),
        Map.of("id", new NumericExamples.Input(new long[] {1}, "int64")), null, 0);
    try (Tensor id = data.batch(new int[] {0}, 1).get("id")) {
      assertEquals(7L, ((TInt64) id).getLong(0, 0));
    }
  }

  @Test
  void aCellThatIsNotANumberFailsNamingItsLineAndColumn() {
    TextTable t = csv("f0,f1,f2,label\n1,2,3,a\n1,oops,3,b\n");
    DataException e = assertThrows(DataException.class, () -> NumericTable.read(t,
        TableColumns.parse(List.of("v=f0..f2"), "label"), Map.of("v", THREE), null, 0));
    assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("'f1'")
        && e.getMessage().contains("'oops'"), e.getMessage());
  }

  @Test
  void aRowWithTheWrongNumberOfValuesFailsNamingTheLine() {
    TextTable t = csv("seq,label\n1 2 3,a\n1 2,b\n");
    DataException e = assertThrows(DataException.class, () -> NumericTable.read(t,
        TableColumns.parse(List.of("v=seq"), "label"), Map.of("v", THREE), null, 0));
    assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("gives 2 values"),
        e.getMessage());
  }

  @Test
  void aLabelOutsideTheTrainedClassesFails() {
    TextTable t = csv("f0,f1,f2,label\n1,2,3,zebra\n");
    DataException e = assertThrows(DataException.class, () -> NumericTable.read(t,
        TableColumns.parse(List.of("v=f0..f2"), "label"), Map.of("v", THREE),
        List.of("a", "b"), 0));
    assertTrue(e.getMessage().contains("'zebra'"), e.getMessage());
  }

  @Test
  void rangesMayOmitThePrefixOnTheRight() {
    assertEquals(List.of("f8", "f9", "f10", "x"), TableColumns.expand("f8..10, x"));
    assertThrows(DataException.class, () -> TableColumns.expand("f3..f1"));
    assertThrows(DataException.class, () -> TableColumns.parse(List.of("nocolumns"), null));
  }

  @Test
  void columnsNamedAsTheInputsOrNumberedAfterThemAreFoundByName() {
    TableColumns c = TableColumns.byName(List.of("b", "a_1", "a_0", "label"), List.of("a", "b"),
        "label");
    assertEquals(Map.of("a", List.of("a_0", "a_1"), "b", List.of("b")), c.inputs());
    assertNull(TableColumns.byName(List.of("x0", "label"), List.of("a"), "label"));
  }
}
