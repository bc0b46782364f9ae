package dev.tftune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Turning table columns into texts with class ids, skipping and reporting unusable rows. */
class LabelledTextsTest {
  @TempDir
  Path dir;

  @Test
  void textLabelsBecomeClassesInStringOrder() throws IOException {
    LabelledTexts d = read("text\tlabel\na\tpos\nb\tneg\nc\tneutral\nd\tpos\n");

    assertEquals(List.of("neg", "neutral", "pos"), d.classNames());
    assertArrayEquals(new int[] {2, 0, 1, 2}, d.labels());
  }

  @Test
  void integerLabelsBecomeClassesInNumericOrder() throws IOException {
    LabelledTexts d = read("text\tlabel\na\t10\nb\t2\nc\t-1\nd\t2\n");

    assertEquals(List.of("-1", "2", "10"), d.classNames());
    assertArrayEquals(new int[] {2, 1, 0, 1}, d.labels());
  }

  @Test
  void labelsMixingIntegersAndWordsAreInStringOrder() throws IOException {
    LabelledTexts d = read("text\tlabel\na\t10\nb\t2\nc\tother\n");

    assertEquals(List.of("10", "2", "other"), d.classNames());
  }

  @Test
  void labelsAreTrimmedButTextsAreKeptAsWritten() throws IOException {
    LabelledTexts d = read("text\tlabel\n  padded text \t 1 \nx\t1\n");

    assertEquals(List.of("1"), d.classNames());
    assertEquals("  padded text ", d.text(0));
  }

  @Test
  void columnsAreChosenByNameOrIndexInAnyOrder() throws IOException {
    TextTable t = table("id\tlabel\tsentence\n7\t1\thello\n");

    LabelledTexts byName = LabelledTexts.from(t, "Sentence", null, "label");
    LabelledTexts byIndex = LabelledTexts.from(t, "2", null, "1");

    assertEquals("hello", byName.text(0));
    assertEquals("hello", byIndex.text(0));
    assertEquals(List.of("1"), byIndex.classNames());
  }

  @Test
  void unusableRowsAreSkippedAndReportedWithTheirFileLines() throws IOException {
    LabelledTexts d = read("text\tlabel\n"
        + "good one\t1\n" // line 2
        + "\n" // line 3, blank: not a row
        + "no label here\n" // line 4
        + "  \t0\n" // line 5
        + "no label\t \n" // line 6
        + "good two\t0\n"); // line 7

    assertEquals(List.of("good one", "good two"), d.texts());
    assertEquals(List.of(
        "line 4: 1 cell, too few for the columns used (the header has 2)",
        "line 5: empty text",
        "line 6: empty label"), d.problems());
    assertEquals(2, d.lineNumber(0));
    assertEquals(7, d.lineNumber(1));
  }

  @Test
  void rowWithMoreCellsThanTheHeaderIsReportedBecauseItsLabelMayBeShifted()
      throws IOException {
    LabelledTexts d = readCsv("text,label\nhello, world,1\nfine,0\n");

    assertEquals(List.of("fine"), d.texts());
    assertEquals(List.of("line 2: 3 cells where the header has 2 (a delimiter inside the text?)"),
        d.problems());
  }

  @Test
  void trailingEmptyCellsPastTheHeaderAreAccepted() throws IOException {
    LabelledTexts d = readCsv("text,label\nhello,1,,\n");

    assertEquals(List.of("hello"), d.texts());
    assertTrue(d.problems().isEmpty(), d.problems().toString());
  }

  @Test
  void fileWithoutBadRowsReportsNoProblems() throws IOException {
    assertEquals(List.of(), read("text\tlabel\na\t1\nb\t0\n").problems());
  }

  @Test
  void skippedRowsAreSummarisedInOneLoggedWarning() throws IOException {
    StringBuilder tsv = new StringBuilder("text\tlabel\nkept\t1\n");
    for (int i = 0; i < 7; i++) {
      tsv.append("\t1\n");
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      read(tsv.toString());
    } finally {
      System.setErr(original);
    }

    String log = err.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("WARN"), log);
    assertTrue(log.contains("skipped 7 of 8 rows"), log);
    assertTrue(log.contains("line 3: empty text; line 4: empty text"), log);
    assertTrue(log.contains("and 2 more"), log);
    assertFalse(log.contains("line 8"), log);
  }

  @Test
  void noUsableRowFailsNamingTheFirstProblem() throws IOException {
    TextTable t = table("text\tlabel\nonly text\n\t1\n");

    DataException e = assertThrows(DataException.class,
        () -> LabelledTexts.from(t, "text", null, "label"));

    assertOneLine(e);
    assertTrue(e.getMessage().contains("no usable row"), e.getMessage());
    assertTrue(e.getMessage().contains("line 2: 1 cell"), e.getMessage());
    assertTrue(e.getMessage().contains("fix:"), e.getMessage());
  }

  @Test
  void headerWithoutRowsFails() throws IOException {
    TextTable t = table("text\tlabel\n");

    DataException e = assertThrows(DataException.class,
        () -> LabelledTexts.from(t, "text", null, "label"));

    assertOneLine(e);
    assertTrue(e.getMessage().contains("no rows"), e.getMessage());
  }

  @Test
  void unknownColumnFailsListingTheColumns() throws IOException {
    TextTable t = table("sentence\tlabel\nhi\t1\n");

    DataException e = assertThrows(DataException.class,
        () -> LabelledTexts.from(t, "text", null, "label"));

    assertTrue(e.getMessage().contains("[0: sentence, 1: label]"), e.getMessage());
  }

  @Test
  void sameColumnForTextAndLabelFails() throws IOException {
    TextTable t = table("text\tlabel\nhi\t1\n");

    DataException e = assertThrows(DataException.class,
        () -> LabelledTexts.from(t, "label", null, "1"));

    assertOneLine(e);
    assertTrue(e.getMessage().contains("must differ"), e.getMessage());
  }

  @Test
  void pairColumnGivesEachExampleASecondText() throws IOException {
    TextTable t = table("premise\thypothesis\tlabel\nA man sleeps.\tA man rests.\tentail\n"
        + "It rains.\tIt is dry.\tcontradict\n");

    LabelledTexts d = LabelledTexts.from(t, "premise", "hypothesis", "label");

    assertTrue(d.hasPairs());
    assertEquals(List.of("A man rests.", "It is dry."), d.pairs());
    assertEquals("It is dry.", d.pair(1));
    assertEquals("It rains.", d.text(1));
  }

  @Test
  void withoutPairColumnThereAreNoSecondTexts() throws IOException {
    LabelledTexts d = read("text\tlabel\na\t1\n");

    assertFalse(d.hasPairs());
    assertNull(d.pairs());
    assertNull(d.pair(0));
  }

  @Test
  void emptySecondTextIsReported() throws IOException {
    TextTable t = table("a\tb\tlabel\none\ttwo\t1\nthree\t \t0\n");

    LabelledTexts d = LabelledTexts.from(t, "a", "b", "label");

    assertEquals(1, d.size());
    assertEquals(List.of("line 3: empty second text"), d.problems());
  }

  @Test
  void fixedClassesGiveIdsInTheirOrderAndSkipOtherLabels() throws IOException {
    TextTable t = table("text\tlabel\na\tspam\nb\tham\nc\tjunk\n");

    LabelledTexts d = LabelledTexts.from(t, "text", null, "label", List.of("spam", "ham"));

    assertEquals(List.of("spam", "ham"), d.classNames());
    assertArrayEquals(new int[] {0, 1}, d.labels());
    assertEquals(List.of("line 4: label 'junk' is not one of the classes [spam, ham]"),
        d.problems());
  }

  @Test
  void fixedClassWithoutExamplesCountsZero() throws IOException {
    TextTable t = table("text\tlabel\na\t1\nb\t1\n");

    LabelledTexts d = LabelledTexts.from(t, "text", null, "label", List.of("0", "1", "2"));

    assertArrayEquals(new int[] {0, 2, 0}, d.classCounts());
  }

  @Test
  void classCountsAreByClassId() throws IOException {
    LabelledTexts d = read("text\tlabel\na\tz\nb\ty\nc\tz\nd\tz\n");

    assertEquals(List.of("y", "z"), d.classNames());
    assertArrayEquals(new int[] {1, 3}, d.classCounts());
  }

  @Test
  void limitKeepsTheFirstExamplesAndAllClasses() throws IOException {
    LabelledTexts d = read("text\tlabel\na\t1\nb\t1\nc\t0\n");

    LabelledTexts first = d.limit(2);

    assertEquals(List.of("a", "b"), first.texts());
    assertEquals(List.of("0", "1"), first.classNames());
    assertArrayEquals(new int[] {1, 1}, first.labels());
    assertArrayEquals(new int[] {0, 2}, first.classCounts());
  }

  @Test
  void limitBeyondTheSizeKeepsEverything() throws IOException {
    assertEquals(3, read("text\tlabel\na\t1\nb\t1\nc\t0\n").limit(10).size());
  }

  @Test
  void subsetKeepsTextsPairsLabelsAndLinesOfTheRange() throws IOException {
    TextTable t = table("a\tb\tlabel\n1\tx\tp\n2\ty\tq\n3\tz\tp\n4\tw\tq\n");
    LabelledTexts d = LabelledTexts.from(t, "a", "b", "label");

    LabelledTexts mid = d.subset(1, 3);

    assertEquals(List.of("2", "3"), mid.texts());
    assertEquals(List.of("y", "z"), mid.pairs());
    assertArrayEquals(new int[] {1, 0}, mid.labels());
    assertEquals(3, mid.lineNumber(0));
  }

  @Test
  void subsetOutsideTheExamplesFails() throws IOException {
    LabelledTexts d = read("text\tlabel\na\t1\n");

    assertThrows(IndexOutOfBoundsException.class, () -> d.subset(0, 2));
  }

  @Test
  void labelsArrayIsACopy() throws IOException {
    LabelledTexts d = read("text\tlabel\na\t1\nb\t0\n");

    d.labels()[0] = 0;

    assertEquals(1, d.label(0));
  }

  @Test
  void givenTextsWithLabelOutsideTheClassesAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> LabelledTexts.of(List.of("a"), null, new int[] {2}, List.of("x", "y")));
  }

  @Test
  void givenTextsKeepTheirLabelsAndClasses() {
    LabelledTexts d = LabelledTexts.of(List.of("a", "b"), List.of("c", "d"), new int[] {1, 0},
        List.of("x", "y"));

    assertEquals("d", d.pair(1));
    assertArrayEquals(new int[] {1, 1}, d.classCounts());
    assertEquals(0, d.lineNumber(0));
  }

  private LabelledTexts read(String tsv) throws IOException {
    return LabelledTexts.from(table(tsv), "text", null, "label");
  }

  private LabelledTexts readCsv(String csv) throws IOException {
    Path file = dir.resolve("t.csv");
    Files.writeString(file, csv, StandardCharsets.UTF_8);
    return LabelledTexts.from(TextTable.read(file), "text", null, "label");
  }

  private TextTable table(String tsv) throws IOException {
    Path file = dir.resolve("t.tsv");
    Files.writeString(file, tsv, StandardCharsets.UTF_8);
    return TextTable.read(file);
  }

  private static void assertOneLine(Exception e) {
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }
}
