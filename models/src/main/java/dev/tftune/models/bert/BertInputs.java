package dev.tftune.models.bert;

import java.util.List;

/**
 * Signature input keys of a BERT encoder, or of a classifier exported from one.
 *
 * @param ids the token ids
 * @param mask the attention mask (1 for real tokens, 0 for padding)
 * @param segments the segment (token type) ids
 */
public record BertInputs(String ids, String mask, String segments) {

  /** The keys in the order ids, mask, segments. */
  public List<String> keys() {
    return List.of(ids, mask, segments);
  }
}
