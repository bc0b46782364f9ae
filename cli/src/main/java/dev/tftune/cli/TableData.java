package dev.tftune.cli;

import dev.tftune.data.DataException;
import dev.tftune.data.NumericExamples;
import dev.tftune.data.NumericTable;
import dev.tftune.data.TableColumns;
import dev.tftune.data.TextTable;
import dev.tftune.graph.Graphs;
import dev.tftune.savedmodel.MetaGraphs;
import dev.tftune.savedmodel.SignatureInfo;
import dev.tftune.savedmodel.TensorInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Numeric tables (CSV/TSV) mapped onto a signature's inputs, for train, evaluate, predict. */
final class TableData {
  private static final Logger LOG = LoggerFactory.getLogger(TableData.class);

  private TableData() {}

  /**
   * Whether a table file feeds the model's signature (the named one, else serving_default)
   * by column names alone: every input has a column of its name, or numbered columns
   * {@code NAME0, NAME1, ...}.
   */
  static boolean namesInputs(Path file, Path modelDir, String signature) {
    Map<String, TensorInfo> inputs = signatureInputs(modelDir, signature);
    if (inputs.isEmpty()) {
      return false;
    }
    List<String> header = TextTable.read(file).header();
    return TableColumns.byName(header, List.copyOf(inputs.keySet()), null) != null;
  }

  /** The inputs of the named signature, else of serving_default or the first. */
  private static Map<String, TensorInfo> signatureInputs(Path modelDir, String signature) {
    Map<String, SignatureInfo> sigs = new LinkedHashMap<>(MetaGraphs.signatures(
        MetaGraphs.read(modelDir, List.of("serve"))));
    sigs.keySet().removeIf(Graphs::isInternalSignature);
    SignatureInfo sig = signature != null ? sigs.get(signature) : sigs.getOrDefault(
        "serving_default",
        sigs.isEmpty() ? null : sigs.values().iterator().next());
    return sig == null ? Map.of() : sig.inputs();
  }

  /**
   * The examples of a table for a signature's inputs.
   *
   * @param mappings {@code --input NAME=COLUMNS} values; empty to use {@code recorded}, else
   *     the columns named as the inputs
   * @param targets a regression's target columns ({@code --target}); empty for classes (or
   *     the recorded ones)
   * @param labelSets whether label cells hold sets of classes ({@code --multi-label}; or
   *     recorded)
   * @param recorded the columns an export was trained on; null when training
   * @param classNames a trained model's classes, or null to take them from the labels
   * @param labelled whether labels are read (train, evaluate) or not (predict)
   * @throws DataException when the columns for some input cannot be told or do not fit it
   */
  static NumericExamples read(Path file, List<String> mappings, List<String> targets,
      boolean labelSets, TextColumns columns, TableColumns recorded, Map<String, TensorInfo> signatureInputs,
      List<String> classNames, boolean labelled, int limit) {
    TextTable table = TextTable.read(file);
    List<String> targetColumns = !targets.isEmpty() ? targets
        : recorded != null ? recorded.targets() : List.of();
    String label = !targetColumns.isEmpty() ? null : columns.labelColumn(table,
        recorded == null ? null : recorded.label(), labelled);
    TableColumns mapping;
    if (!mappings.isEmpty()) {
      mapping = TableColumns.parse(mappings, label);
    } else if (recorded != null) {
      mapping = recorded.withLabel(label);
    } else {
      mapping = TableColumns.byName(table.header(), List.copyOf(signatureInputs.keySet()),
          label);
    }
    if (mapping == null) {
      throw new DataException("cannot tell which columns of " + file + " feed the model's "
          + "inputs " + signatureInputs.keySet() + " (columns " + abbreviate(table.header())
          + ")", "pass --input NAME=COLUMNS for each input, such as --input "
          + signatureInputs.keySet().iterator().next() + "=f0..f95");
    }
    List<String> unmapped = new ArrayList<>(signatureInputs.keySet());
    unmapped.removeAll(mapping.inputs().keySet());
    if (!unmapped.isEmpty()) {
      throw new DataException("the model takes inputs " + signatureInputs.keySet()
          + ", and nothing feeds " + unmapped, "add --input " + unmapped.get(0)
          + "=COLUMNS (each input needs one)");
    }
    Map<String, NumericExamples.Input> inputs = new LinkedHashMap<>();
    signatureInputs.forEach((key, info) -> inputs.put(key, new NumericExamples.Input(
        info.shape() == null ? new long[] {-1}
            : Arrays.copyOfRange(info.shape(), 1, info.shape().length), info.dtype())));
    if (!targetColumns.isEmpty()) {
      mapping = mapping.withTargets(targetColumns);
    } else if (labelSets) {
      mapping = mapping.withMultiLabel(true);
    }
    NumericExamples data = NumericTable.read(table, labelled ? mapping : mapping.unlabelled(),
        inputs, classNames, limit);
    mapping.inputs().forEach((key, cols) -> LOG.info("input {} <- {} ({} column{}), fed as {}",
        key, cols.size() > 4 ? cols.get(0) + ".." + cols.get(cols.size() - 1) : cols,
        cols.size(), cols.size() == 1 ? "" : "s", Arrays.toString(data.shape(key))));
    if (labelled && data.multiLabel()) {
      long[] counts = new long[data.classNames().size()];
      for (int i = 0; i < data.size(); i++) {
        float[] set = data.targets(i);
        for (int c = 0; c < set.length; c++) {
          counts[c] += set[c] > 0 ? 1 : 0;
        }
      }
      LOG.info("data: {} rows from {}, label sets from '{}', classes {} (examples with each "
          + "{})", data.size(), file, mapping.label(), data.classNames(),
          Arrays.toString(counts));
    } else if (labelled && data.regression()) {
      LOG.info("data: {} rows from {}, regression targets {}", data.size(), file,
          data.classNames());
    } else if (labelled) {
      long[] counts = new long[data.classNames().size()];
      for (int i = 0; i < data.size(); i++) {
        counts[data.label(i)]++;
      }
      LOG.info("data: {} rows from {}, labels from '{}', classes {} (counts {})", data.size(),
          file, mapping.label(), data.classNames(), Arrays.toString(counts));
    }
    return data;
  }

  private static String abbreviate(List<String> header) {
    return header.size() <= 12 ? header.toString()
        : header.subList(0, 12) + " and " + (header.size() - 12) + " more";
  }
}
