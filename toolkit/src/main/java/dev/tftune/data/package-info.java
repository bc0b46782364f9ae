/**
 * Training and evaluation data, held in memory and fitted to a model's input: the
 * {@link Dataset}s that turn examples into input tensors batch by batch, readers of image
 * folders, IDX files and TSV/CSV tables, image fitting and augmentation, seeded splits, and the
 * {@link InputPreparation} that records how examples became tensors, so an export's clients can
 * repeat it. Text stops here at labelled texts and tokenizer settings; tokenization and the BERT
 * dataset are in the {@code models} module.
 */
package dev.tftune.data;
