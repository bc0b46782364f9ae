package dev.tftune.models.bert;

import dev.tftune.data.Dataset;
import dev.tftune.data.InputPreparation;
import dev.tftune.data.TextPreparation;
import dev.tftune.data.TokenizerSettings;
import dev.tftune.models.text.BertBatch;
import dev.tftune.models.text.BertEncoding;
import dev.tftune.models.text.BertInputEncoder;
import dev.tftune.models.text.WordPieceTokenizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TInt32;

/**
 * Texts (or text pairs) tokenized for a BERT encoder, with their labels. Each batch is padded to
 * its longest example when the encoder takes any length, else to the encoder's fixed length;
 * padding is id 0 with mask 0.
 */
public final class BertDataset implements Dataset {
  /** Rows past the examples, for graphs with a fixed batch: all padding. */
  private static final BertEncoding EMPTY = new BertEncoding(new int[0], new int[0], new int[0]);
  private final List<BertEncoding> encodings;
  private final int[] labels;
  private final List<String> classNames;
  private final BertInputs inputs;
  private final int fixedLength;
  private final InputPreparation preparation;

  private BertDataset(List<BertEncoding> encodings, int[] labels, List<String> classNames,
      BertInputs inputs, int fixedLength, InputPreparation preparation) {
    this.encodings = List.copyOf(encodings);
    this.labels = labels.clone();
    this.classNames = List.copyOf(classNames);
    this.inputs = inputs;
    this.fixedLength = fixedLength;
    this.preparation = preparation;
  }

  /** Examples already encoded. */
  static BertDataset of(List<BertEncoding> encodings, int[] labels, List<String> classNames,
      BertInputs inputs, int fixedLength) {
    return new BertDataset(encodings, labels, classNames, inputs, fixedLength,
        InputPreparation.tensors());
  }

  /**
   * Texts tokenized as a recorded preparation says (an export's): the same vocabulary, casing,
   * lengths and input names as training used.
   *
   * @param pairs second texts of sentence pairs, or null
   * @param labels class index per text; for unlabelled texts any valid index (such as 0)
   */
  public static BertDataset prepared(TextPreparation preparation, List<String> texts,
      List<String> pairs, int[] labels, List<String> classNames) {
    TokenizerSettings t = preparation.tokenizer();
    WordPieceTokenizer tokenizer = WordPieceTokenizer.of(preparation.vocabulary(), t.lowerCase())
        .withMaxWordLength(t.maxWordLength());
    return encode(new BertInputEncoder(tokenizer, t.maxLength()), texts, pairs, labels,
        classNames, new BertInputs(t.inputIds(), t.inputMask(), t.segmentIds()),
        t.fixedLength()).preparedAs(preparation);
  }

  /** The same examples, recorded as prepared by {@code how}. */
  BertDataset preparedAs(TextPreparation how) {
    return new BertDataset(encodings, labels, classNames, inputs, fixedLength, how);
  }

  /** The tokenizer settings and columns, when the dataset was made by a {@link BertModel}. */
  @Override
  public InputPreparation preparation() {
    return preparation;
  }

  /**
   * Tokenizes texts.
   *
   * @param pairs second texts of sentence pairs, or null
   * @param labels class index per text; for unlabelled texts any valid index (such as 0)
   * @param fixedLength pad every batch to this length, or -1 to pad each batch to its longest
   *     example
   */
  public static BertDataset encode(BertInputEncoder encoder, List<String> texts,
      List<String> pairs, int[] labels, List<String> classNames, BertInputs inputs,
      int fixedLength) {
    if (labels.length != texts.size() || (pairs != null && pairs.size() != texts.size())) {
      throw new IllegalArgumentException("texts, pairs and labels differ in number");
    }
    List<BertEncoding> out = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      out.add(pairs == null ? encoder.encode(texts.get(i))
          : encoder.encode(texts.get(i), pairs.get(i)));
    }
    return new BertDataset(out, labels, classNames, inputs, fixedLength,
        InputPreparation.tensors());
  }

  /**
   * The same examples, every batch padded to one length (for graphs or servers that need fixed
   * shapes, and for comparisons).
   *
   * @throws IllegalArgumentException when an example is longer
   */
  public BertDataset paddedTo(int length) {
    for (BertEncoding e : encodings) {
      if (e.length() > length) {
        throw new IllegalArgumentException("an example has " + e.length() + " tokens, more "
            + "than " + length);
      }
    }
    return new BertDataset(encodings, labels, classNames, inputs, length, preparation);
  }

  /** Examples [from, to), in order. */
  public BertDataset subset(int from, int to) {
    return new BertDataset(encodings.subList(from, to),
        java.util.Arrays.copyOfRange(labels, from, to), classNames, inputs, fixedLength,
        preparation);
  }

  @Override
  public int size() {
    return encodings.size();
  }

  @Override
  public int label(int index) {
    return labels[index];
  }

  @Override
  public List<String> classNames() {
    return classNames;
  }

  /** The tokenized example. */
  public BertEncoding encoding(int index) {
    return encodings.get(index);
  }

  /** The example's token count (0 when batches have a fixed length, as nothing is gained). */
  @Override
  public int length(int index) {
    return fixedLength > 0 ? 0 : encodings.get(index).length();
  }

  /** Mean tokens per example, special tokens included. */
  public double meanLength() {
    return encodings.stream().mapToInt(BertEncoding::length).average().orElse(0);
  }

  @Override
  public List<String> inputKeys() {
    return inputs.keys();
  }

  @Override
  public Map<String, Tensor> batch(int[] indices, int rows) {
    int length = fixedLength;
    if (length <= 0) {
      length = 1;
      for (int i : indices) {
        length = Math.max(length, encodings.get(i).length());
      }
    }
    List<BertEncoding> rowsToPad = new ArrayList<>(rows);
    for (int i : indices) {
      rowsToPad.add(encodings.get(i));
    }
    while (rowsToPad.size() < rows) {
      rowsToPad.add(EMPTY);
    }
    BertBatch padded = BertBatch.pad(rowsToPad, length);
    Shape shape = Shape.of(rows, length);
    Map<String, Tensor> out = new LinkedHashMap<>();
    try {
      out.put(inputs.ids(), TInt32.tensorOf(shape, DataBuffers.of(padded.inputIds())));
      out.put(inputs.mask(), TInt32.tensorOf(shape, DataBuffers.of(padded.inputMask())));
      out.put(inputs.segments(), TInt32.tensorOf(shape, DataBuffers.of(padded.segmentIds())));
      return out;
    } catch (RuntimeException e) {
      out.values().forEach(Tensor::close);
      throw e;
    }
  }
}
