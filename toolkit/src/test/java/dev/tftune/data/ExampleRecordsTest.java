package dev.tftune.data;

import static dev.tftune.testing.Examples.example;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Tensor;
import org.tensorflow.types.TString;

/** tf.Example records are fed as they are, with labels or targets read from a feature. */
class ExampleRecordsTest {
  private static final List<byte[]> NAMED = List.of(
      example().floats("x", 1, 2).text("label", "spam").bytes(),
      example().floats("x", 3, 4).text("label", "ham").bytes(),
      example().floats("x", 5, 6).text("label", "spam").bytes());

  @Test
  void classesFromABytesFeatureAreItsSortedDistinctValues() {
    ExampleRecords e = ExampleRecords.labelled(NAMED, "t.tfrecord", "examples", "label", null,
        0);
    assertEquals(List.of("ham", "spam"), e.classNames());
    assertEquals(1, e.label(0));
    assertEquals(0, e.label(1));
    assertEquals(List.of("examples"), e.inputKeys());
  }

  @Test
  void classIdsFromAnInt64FeatureKeepTheClassesOfATrainedModel() {
    List<byte[]> records = List.of(example().ints("y", 2).bytes(),
        example().ints("y", 0).bytes());
    ExampleRecords e = ExampleRecords.labelled(records, "t.tfrecord", "examples", "y",
        List.of("0", "1", "2"), 0);
    assertEquals(2, e.label(0));
    assertEquals(0, e.label(1));
  }

  @Test
  void aLabelOutsideTheTrainedClassesFailsNamingTheRecord() {
    DataException e = assertThrows(DataException.class, () -> ExampleRecords.labelled(NAMED,
        "t.tfrecord", "examples", "label", List.of("spam", "other"), 0));
    assertTrue(e.getMessage().contains("record 1") && e.getMessage().contains("'ham'"),
        e.getMessage());
  }

  @Test
  void aMissingLabelFeatureFailsListingTheFeaturesTheRecordHas() {
    DataException e = assertThrows(DataException.class, () -> ExampleRecords.labelled(NAMED,
        "t.tfrecord", "examples", "class", null, 0));
    assertTrue(e.getMessage().contains("record 0") && e.getMessage().contains("[label, x]")
        && e.getMessage().contains("--label-feature"), e.getMessage());
  }

  @Test
  void bytesThatAreNotATfExampleFailNamingTheRecord() {
    List<byte[]> records = List.of(NAMED.get(0), new byte[] {(byte) 0xff, (byte) 0xff, 1});
    DataException e = assertThrows(DataException.class, () -> ExampleRecords.labelled(records,
        "t.tfrecord", "examples", "label", null, 0));
    assertTrue(e.getMessage().contains("record 1 of t.tfrecord is not a tf.Example"),
        e.getMessage());
  }

  @Test
  void targetsFromAFloatFeatureNameEachValue() {
    List<byte[]> records = List.of(example().floats("price", 1.5f, 2).bytes(),
        example().floats("price", 3, 4).bytes());
    ExampleRecords e = ExampleRecords.withTargets(records, "t.tfrecord", "examples", "price", 0);
    assertTrue(e.regression());
    assertEquals(List.of("price_0", "price_1"), e.classNames());
    assertArrayEquals(new float[] {3, 4}, e.targets(1));
  }

  @Test
  void targetsOfAnotherLengthThanRecordZeroFailNamingTheRecord() {
    List<byte[]> records = List.of(example().floats("price", 1).bytes(),
        example().floats("price", 3, 4).bytes());
    DataException e = assertThrows(DataException.class, () -> ExampleRecords.withTargets(
        records, "t.tfrecord", "examples", "price", 0));
    assertTrue(e.getMessage().contains("record 1") && e.getMessage().contains("1 numbers"),
        e.getMessage());
  }

  @Test
  void aBatchFeedsTheRecordsAsTheyAreAndPadsWithItsFirstRecord() {
    ExampleRecords e = ExampleRecords.labelled(NAMED, "t.tfrecord", "examples", "label", null,
        0);
    Map<String, Tensor> batch = e.batch(new int[] {2, 1}, 3);
    try (TString t = (TString) batch.get("examples")) {
      assertEquals(3, t.shape().size(0));
      assertArrayEquals(NAMED.get(2), t.asBytes().getObject(0));
      assertArrayEquals(NAMED.get(1), t.asBytes().getObject(1));
      assertArrayEquals(NAMED.get(2), t.asBytes().getObject(2));
    }
  }

  @Test
  void aLimitKeepsTheFirstRecords() {
    assertEquals(2, ExampleRecords.labelled(NAMED, "t.tfrecord", "examples", "label", null, 2)
        .size());
  }
}
