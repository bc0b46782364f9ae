package dev.tftune.cli;

import dev.tftune.data.DataException;
import dev.tftune.data.LabelledTexts;
import dev.tftune.data.TextColumnNames;
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
    if (java.nio.file.Files.isDirectory(file)) {
      return false;
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return !name.contains("idx") && (name.endsWith(".tsv") || name.endsWith(".csv")
        || name.endsWith(".txt") || name.endsWith(".tab") || !name.contains("."));
  }

  /** Labelled texts from a file, with the classes found in it. */
  LabelledTexts read(Path file, int limit) {
    return read(file, limit, null, Hints.NONE);
  }

  /**
   * Columns a trained model recorded, preferred when the file has them and none was given.
   *
   * @param pair the second-text column of a sentence-pair model; the file must have it
   */
  record Hints(String text, String pair, String label) {
    static final Hints NONE = new Hints(null, null, null);

    static Hints of(TextColumnNames recorded) {
      return new Hints(recorded.text(), recorded.pair(), recorded.label());
    }
  }

  /**
   * Labelled texts from a file.
   *
   * @param classNames the classes of a trained model (evaluation), or null to take them from
   *     the file
   */
  LabelledTexts read(Path file, int limit, List<String> classNames, Hints hints) {
    TextTable table = TextTable.read(file);
    String labelColumn = label != null ? label
        : guess(table, names(hints.label(), LABEL_NAMES), null, "--label-column");
    String textColumn = text != null ? text
        : guess(table, names(hints.text(), TEXT_NAMES), labelColumn, "--text-column");
    String pairColumn = pairColumn(table, hints);
    LabelledTexts texts = classNames == null
        ? LabelledTexts.from(table, textColumn, pairColumn, labelColumn)
        : LabelledTexts.from(table, textColumn, pairColumn, labelColumn, classNames);
    return limit > 0 && limit < texts.size() ? texts.limit(limit) : texts;
  }

  /**
   * The label column of a table: {@code --label-column}, else the recorded one or a usual
   * name; with {@code required} false, null when the table has none.
   */
  String labelColumn(TextTable table, String recorded, boolean required) {
    if (label != null) {
      return label;
    }
    List<String> names = names(recorded, LABEL_NAMES);
    return required ? guess(table, names, null, "--label-column") : findColumn(table, names);
  }

  /** The texts of a file without labels (for predict): every label is class 0. */
  LabelledTexts readUnlabelled(Path file, int limit, List<String> classNames, Hints hints) {
    TextTable table = TextTable.read(file);
    String textColumn = text != null ? text : guess(table, names(hints.text(), TEXT_NAMES),
        findColumn(table, names(hints.label(), LABEL_NAMES)), "--text-column");
    int column = table.column(textColumn);
    String pairName = pairColumn(table, hints);
    int pairColumn = pairName != null ? table.column(pairName) : -1;
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

  /** The given pair column, else the model's: a pair model never runs on single texts. */
  private String pairColumn(TextTable table, Hints hints) {
    if (pair != null || hints.pair() == null) {
      return pair;
    }
    if (findColumn(table, List.of(hints.pair())) == null) {
      throw new DataException("the classifier takes text pairs, but " + table.source()
          + " has no column '" + hints.pair() + "' (columns " + table.header() + ")",
          "pass --text-pair-column NAME");
    }
    return hints.pair();
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
