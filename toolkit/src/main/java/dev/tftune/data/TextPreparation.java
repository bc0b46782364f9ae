package dev.tftune.data;

import java.util.Map;
import java.util.Objects;

/**
 * Texts read from table columns and tokenized with WordPiece.
 *
 * @param tokenizer the tokenizer's settings
 * @param columns the columns the texts and labels came from
 * @param vocabulary the vocabulary file's bytes, written beside the export as
 *     {@value TokenizerSettings#VOCABULARY}
 */
public record TextPreparation(TokenizerSettings tokenizer, TextColumnNames columns,
    byte[] vocabulary) implements InputPreparation {

  public TextPreparation {
    Objects.requireNonNull(tokenizer, "tokenizer");
    Objects.requireNonNull(columns, "columns");
    vocabulary = vocabulary.clone();
  }

  @Override
  public byte[] vocabulary() {
    return vocabulary.clone();
  }

  @Override
  public Map<String, byte[]> assets() {
    return Map.of(TokenizerSettings.VOCABULARY, vocabulary.clone());
  }
}
