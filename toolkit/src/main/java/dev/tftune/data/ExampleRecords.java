package dev.tftune.data;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.types.TString;

/**
 * Serialized {@code tf.Example} protos for a model whose signature parses them (a string
 * input): fed as they are, labels read from one of their features. The label feature stays in
 * the records; parsers ignore features they were not told about.
 */
public final class ExampleRecords implements Dataset {
  private final List<byte[]> records;
  private final String inputKey;
  private final int[] labels;
  private final float[][] targets;
  private final List<String> classNames;
  private final ExamplePreparation preparation;

  private ExampleRecords(List<byte[]> records, String inputKey, int[] labels, float[][] targets,
      List<String> classNames, ExamplePreparation preparation) {
    this.records = records;
    this.inputKey = inputKey;
    this.labels = labels;
    this.targets = targets;
    this.classNames = List.copyOf(classNames);
    this.preparation = preparation;
  }

  /**
   * Examples with classes from a feature: an {@code int64_list} (class ids, named in decimal),
   * a {@code bytes_list} (names) or an integral {@code float_list}, one value each.
   *
   * @param inputKey the signature input the records feed
   * @param classNames the classes of a trained model (evaluation), or null to take the sorted
   *     distinct labels; with {@code labelFeature} null (prediction) every label is 0
   * @param limit the first records only; 0 for all
   * @throws DataException naming the record whose label is missing, not one value, or not one
   *     of the classes, or that is not a tf.Example
   */
  public static ExampleRecords labelled(List<byte[]> records, String source, String inputKey,
      String labelFeature, List<String> classNames, int limit) {
    List<byte[]> kept = first(records, source, limit);
    int[] labels = new int[kept.size()];
    if (labelFeature == null) {
      if (classNames == null) {
        throw new IllegalArgumentException("unlabelled data needs the classes");
      }
      return new ExampleRecords(kept, inputKey, labels, null, classNames,
          new ExamplePreparation(null, null));
    }
    List<String> raw = new ArrayList<>();
    for (int i = 0; i < kept.size(); i++) {
      raw.add(label(feature(kept.get(i), labelFeature, source, i), labelFeature, source, i));
    }
    List<String> classes = classNames != null ? classNames : LabelledTexts.sortedClasses(raw);
    Map<String, Integer> ids = new HashMap<>();
    for (int c = 0; c < classes.size(); c++) {
      ids.put(classes.get(c), c);
    }
    for (int i = 0; i < labels.length; i++) {
      Integer id = ids.get(raw.get(i));
      if (id == null) {
        throw new DataException("record " + i + " of " + source + " has label '" + raw.get(i)
            + "', which is not one of the classes " + classes,
            "use data with the classes the model was trained on");
      }
      labels[i] = id;
    }
    return new ExampleRecords(kept, inputKey, labels, null, classes,
        new ExamplePreparation(labelFeature, null));
  }

  /**
   * Examples with a regression's values from a numeric feature ({@code float_list} or
   * {@code int64_list}, the same count in every record).
   *
   * @throws DataException naming the record whose feature is missing or of another length
   */
  public static ExampleRecords withTargets(List<byte[]> records, String source,
      String inputKey, String targetFeature, int limit) {
    List<byte[]> kept = first(records, source, limit);
    float[][] targets = new float[kept.size()][];
    for (int i = 0; i < targets.length; i++) {
      Feature f = feature(kept.get(i), targetFeature, source, i);
      targets[i] = numbers(f);
      if (targets[i] == null || targets[i].length != targets[0].length
          || targets[i].length == 0) {
        throw new DataException("record " + i + " of " + source + ": feature '"
            + targetFeature + "' is not " + (i == 0 ? "a list of numbers" : targets[0].length
            + " numbers as in record 0"), "give every record the same number of targets");
      }
    }
    List<String> names = new ArrayList<>();
    for (int j = 0; j < targets[0].length; j++) {
      names.add(targets[0].length == 1 ? targetFeature : targetFeature + "_" + j);
    }
    return new ExampleRecords(kept, inputKey, new int[kept.size()], targets, names,
        new ExamplePreparation(null, targetFeature));
  }

  private static List<byte[]> first(List<byte[]> records, String source, int limit) {
    if (records.isEmpty()) {
      throw new DataException(source + " holds no records", "write the examples into it");
    }
    return List.copyOf(limit > 0 && limit < records.size() ? records.subList(0, limit)
        : records);
  }

  private static Feature feature(byte[] record, String name, String source, int i) {
    Example e;
    try {
      e = Example.parseFrom(record);
    } catch (InvalidProtocolBufferException ex) {
      throw new DataException("record " + i + " of " + source + " is not a tf.Example",
          "write serialized tf.train.Example protos");
    }
    Feature f = e.getFeatures().getFeatureMap().get(name);
    if (f == null) {
      throw new DataException("record " + i + " of " + source + " has no feature '" + name
          + "' (features " + new java.util.TreeSet<>(e.getFeatures().getFeatureMap().keySet())
          + ")", "pass --label-feature NAME (or --target NAME) with a feature every record has");
    }
    return f;
  }

  private static String label(Feature f, String name, String source, int i) {
    if (f.hasBytesList() && f.getBytesList().getValueCount() == 1) {
      return f.getBytesList().getValue(0).toString(StandardCharsets.UTF_8).strip();
    }
    if (f.hasInt64List() && f.getInt64List().getValueCount() == 1) {
      return Long.toString(f.getInt64List().getValue(0));
    }
    if (f.hasFloatList() && f.getFloatList().getValueCount() == 1
        && f.getFloatList().getValue(0) == Math.rint(f.getFloatList().getValue(0))) {
      return Long.toString((long) f.getFloatList().getValue(0));
    }
    throw new DataException("record " + i + " of " + source + ": feature '" + name
        + "' is not one class id or name", "store one int64 or bytes value per record; for "
        + "numeric targets pass --target " + name);
  }

  private static float[] numbers(Feature f) {
    if (f.hasFloatList()) {
      float[] v = new float[f.getFloatList().getValueCount()];
      for (int j = 0; j < v.length; j++) {
        v[j] = f.getFloatList().getValue(j);
      }
      return v;
    }
    if (f.hasInt64List()) {
      float[] v = new float[f.getInt64List().getValueCount()];
      for (int j = 0; j < v.length; j++) {
        v[j] = f.getInt64List().getValue(j);
      }
      return v;
    }
    return null;
  }

  @Override
  public int size() {
    return records.size();
  }

  @Override
  public int label(int index) {
    return labels[index];
  }

  @Override
  public List<String> classNames() {
    return classNames;
  }

  @Override
  public boolean regression() {
    return targets != null;
  }

  @Override
  public float[] targets(int index) {
    return targets == null ? Dataset.super.targets(index) : targets[index].clone();
  }

  @Override
  public InputPreparation preparation() {
    return preparation;
  }

  @Override
  public List<String> inputKeys() {
    return List.of(inputKey);
  }

  /** Padding rows repeat the batch's first record, which any parser accepts. */
  @Override
  public Map<String, Tensor> batch(int[] indices, int rows) {
    byte[][] batch = new byte[rows][];
    for (int i = 0; i < rows; i++) {
      batch[i] = records.get(indices[i < indices.length ? i : 0]);
    }
    return Map.of(inputKey, TString.tensorOfBytes(NdArrays.vectorOfObjects(batch)));
  }
}
