/**
 * BERT's text input in pure Java: {@link WordPieceTokenizer} follows Google's reference
 * {@code tokenization.py}, and {@link BertInputEncoder} builds the token ids, attention mask and
 * segment ids of {@code [CLS] A [SEP]} or {@code [CLS] A [SEP] B [SEP]}, padded into
 * {@link BertBatch}es. Nothing here touches TensorFlow or a model; {@code dev.tftune.models.bert}
 * feeds these inputs to an encoder.
 */
package dev.tftune.models.text;
