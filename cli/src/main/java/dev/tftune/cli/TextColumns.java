package dev.tftune.cli;

import dev.tftune.data.DataException;
import dev.tftune.data.LabelledTexts;
import dev.tftune.data.TextTable;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Which columns of a TSV/CSV file hold the texts and the labels. */
final class TextColumns {
  private static final List<String> LABEL_NAMES =
      List.of("label", "labels", "class", "category", "intent", "target", "sentiment");
  private static final List<String> TEXT_NAMES =
      List.of("text", "sentence", "content", "review", "message", "sms", "document");

  @Option(names = "--text-column", paramLabel = "NAME|INDEX",
      description = "column of the texts; default a column named text, sentence, content, ... "
          + "or the only one besides the labels")
  String text;

  @Option(names = "--text-pair-column", paramLabel = "NAME|INDEX",
      description = "column of the second texts, for sentence-pair tasks; default none")
  String pair;

  @Option(names = "--label-column", paramLabel = "NAME|INDEX",
      description = "column of the labels; default a column named label, class, intent, ...")
  String label;

  /** True when the file is a text table rather than IDX images. */
  static boolean isText(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return !name.contains("idx") && (name.endsWith(".tsv") || name.endsWith(".csv")
        || name.endsWith(".txt") || name.endsWith(".tab") || !name.contains("."));
  }

  /** Labelled texts from a file, with the classes found in it. */
  Read read(Path file, int limit) {
    return read(file, limit, null, null, null);
  }

  /**
   * Labelled texts from a file.
   *
   * @param classNames the classes of a trained model (evaluation), or null to take them from
   *     the file
   * @param textHint, labelHint columns to prefer when the file has them and none was given
   *     (the ones a model was trained with); may be null
   */
  Read read(Path file, int limit, List<String> classNames, String textHint, String labelHint) {
    TextTable table = TextTable.read(file);
    String labelColumn = label != null ? label
        : guess(table, names(labelHint, LABEL_NAMES), null, "--label-column");
    String textColumn = text != null ? text
        : guess(table, names(textHint, TEXT_NAMES), labelColumn, "--text-column");
    LabelledTexts texts = classNames == null
        ? LabelledTexts.from(table, textColumn, pair, labelColumn)
        : LabelledTexts.from(table, textColumn, pair, labelColumn, classNames);
    return new Read(limit > 0 && limit < texts.size() ? texts.limit(limit) : texts, textColumn,
        labelColumn);
  }

  /** Texts read from a file, and the columns they came from (recorded in exports). */
  record Read(LabelledTexts texts, String textColumn, String labelColumn) {}

  /** The texts of a file without labels (for predict): every label is class 0. */
  LabelledTexts readUnlabelled(Path file, int limit, List<String> classNames) {
    TextTable table = TextTable.read(file);
    String textColumn = text != null ? text : guess(table, TEXT_NAMES,
        findColumn(table, LABEL_NAMES), "--text-column");
    int column = table.column(textColumn);
    int pairColumn = pair != null ? table.column(pair) : -1;
    int n = limit > 0 ? Math.min(limit, table.size()) : table.size();
    List<String> texts = new java.util.ArrayList<>();
    List<String> pairs = pairColumn >= 0 ? new java.util.ArrayList<>() : null;
    for (int i = 0; i < n; i++) {
      texts.add(table.width(i) > column ? table.cell(i, column) : "");
      if (pairs != null) {
        pairs.add(table.width(i) > pairColumn ? table.cell(i, pairColumn) : "");
      }
    }
    return LabelledTexts.of(texts, pairs, new int[texts.size()], classNames);
  }

  private static List<String> names(String hint, List<String> usual) {
    if (hint == null) {
      return usual;
    }
    List<String> all = new java.util.ArrayList<>(List.of(hint));
    all.addAll(usual);
    return all;
  }

  private static String guess(TextTable table, List<String> names, String other, String flag) {
    String found = findColumn(table, names);
    if (found != null) {
      return found;
    }
    if (other != null && table.header().size() == 2) {
      int otherIndex = table.column(other);
      return table.header().get(1 - otherIndex);
    }
    throw new DataException("cannot tell which column of " + table.source() + " to use for "
        + flag.substring(2).replace('-', ' ') + " (columns " + table.header() + ")",
        "pass " + flag + " NAME");
  }

  private static String findColumn(TextTable table, List<String> names) {
    for (String name : names) {
      for (String h : table.header()) {
        if (h.strip().equalsIgnoreCase(name)) {
          return h;
        }
      }
    }
    return null;
  }
}
