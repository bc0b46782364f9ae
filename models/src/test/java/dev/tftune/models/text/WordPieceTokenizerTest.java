package dev.tftune.models.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.data.DataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules of BERT's reference tokenization, one at a time, on a small hand-written vocab. */
class WordPieceTokenizerTest {
  private static final List<String> VOCAB = List.of(
      "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
      "hello", "world", "creme", "brulee", "Crème", "title", "i", "abc", "a", "##a", "b",
      "u", "un", "##aff", "##able", "##ab", "cl", "##s",
      ",", "!", "?", "$", "^", "`", "[", "]", "«", "»", "—",
      "中", "文", "\uD840\uDC00", "😀", "##😀");

  private static final WordPieceTokenizer UNCASED = WordPieceTokenizer.of(VOCAB, true);
  private static final WordPieceTokenizer CASED = WordPieceTokenizer.of(VOCAB, false);

  @TempDir
  Path dir;

  @Test
  void lowerCasingStripsAccents() {
    assertEquals(List.of("creme", "brulee"), UNCASED.tokenize("Crème BRÛLÉE"));
  }

  @Test
  void dottedCapitalILosesItsDotWhenLowerCased() {
    // "İ".toLowerCase() is i + U+0307 COMBINING DOT ABOVE, a non-spacing mark that is stripped.
    assertEquals(List.of("i"), UNCASED.tokenize("İ"));
  }

  @Test
  void casedModeKeepsCaseAndAccents() {
    assertEquals(List.of("Crème", "[UNK]"), CASED.tokenize("Crème creme\u0301"));
  }

  @Test
  void lowerCasingIgnoresTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    try {
      // Under Turkish rules "I" lower-cases to a dotless ı, which would not spell "title".
      Locale.setDefault(Locale.forLanguageTag("tr"));
      assertEquals(List.of("title"), UNCASED.tokenize("TITLE"));
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void eachCjkIdeographIsAWordOfItsOwn() {
    assertEquals(List.of("中", "文", "abc"), UNCASED.tokenize("中文abc"));
  }

  @Test
  void cjkIdeographsOutsideTheBmpAreSplitOffAsOneCharacter() {
    assertEquals(List.of("a", "\uD840\uDC00", "b"), UNCASED.tokenize("a\uD840\uDC00b"));
  }

  @Test
  void punctuationIsSplitIntoSingleCharacters() {
    assertEquals(List.of("hello", ",", "world", "!", "?"), UNCASED.tokenize("hello,world!?"));
  }

  @Test
  void asciiSymbolsOutsideUnicodePunctuationAreSplitToo() {
    assertEquals(List.of("$", "a", "^", "a", "`"), UNCASED.tokenize("$a^a`"));
  }

  @Test
  void unicodePunctuationIsSplit() {
    assertEquals(List.of("«", "hello", "—", "world", "»"),
        UNCASED.tokenize("«hello—world»"));
  }

  @Test
  void longestMatchingPieceIsTakenFirst() {
    assertEquals(List.of("un", "##aff", "##able"), UNCASED.tokenize("unaffable"));
  }

  @Test
  void wordWithAnUnmatchedPieceIsOneUnk() {
    // "un" and "##aff" match, "##x" does not: the whole word is [UNK], not its pieces plus [UNK].
    assertEquals(List.of("[UNK]", "hello"), UNCASED.tokenize("unaffx hello"));
  }

  @Test
  void wordWithNoMatchingPieceIsUnk() {
    assertEquals(List.of("[UNK]"), UNCASED.tokenize("xyz"));
  }

  @Test
  void currencySymbolsAreNotPunctuationSoTheyStayInTheWord() {
    assertEquals(List.of("[UNK]"), UNCASED.tokenize("a€"));
  }

  @Test
  void wordsUpTo200CodePointsAreSplitIntoPieces() {
    List<String> pieces = UNCASED.tokenize("a".repeat(200));

    assertEquals(200, pieces.size());
    assertEquals("a", pieces.get(0));
    assertEquals(Collections.nCopies(199, "##a"), pieces.subList(1, 200));
  }

  @Test
  void wordsOfMoreThan200CodePointsAreUnk() {
    assertEquals(List.of("[UNK]"), UNCASED.tokenize("a".repeat(201)));
  }

  @Test
  void wordLengthCountsCodePointsNotChars() {
    // 150 emoji are 300 chars but 150 code points, within the limit of 200.
    List<String> pieces = UNCASED.tokenize("😀".repeat(150));

    assertEquals(150, pieces.size());
    assertEquals("😀", pieces.get(0));
  }

  @Test
  void maxWordLengthCanBeLowered() {
    WordPieceTokenizer hundred = UNCASED.withMaxWordLength(100);

    assertEquals(100, hundred.tokenize("a".repeat(100)).size());
    assertEquals(List.of("[UNK]"), hundred.tokenize("a".repeat(101)));
    assertEquals(List.of("[UNK]"), hundred.tokenize("😀".repeat(101)));
    assertEquals(WordPieceTokenizer.DEFAULT_MAX_WORD_LENGTH, UNCASED.maxWordLength());
  }

  @Test
  void emojiIsOneCharacterAndAnUnknownEmojiOneUnk() {
    assertEquals(List.of("😀", "[UNK]"), UNCASED.tokenize("😀 🙂"));
  }

  @Test
  void controlAndFormatCharactersAreDroppedWithoutSplittingTheWord() {
    assertEquals(List.of("hello"), UNCASED.tokenize("he\u0000l\u0007l\u200bo\ufffd"));
    assertEquals(List.of("hello"), UNCASED.tokenize("\ufeffhel\u00adlo"));
  }

  @Test
  void tabsNewlinesAndUnicodeSpacesSeparateWords() {
    assertEquals(List.of("hello", "world", "hello", "world", "a"),
        UNCASED.tokenize("hello\tworld\r\nhello\u00a0world\u3000a"));
  }

  @Test
  void lineAndParagraphSeparatorsSeparateWords() {
    // Not whitespace to the reference's cleaning, but Python's str.split() splits on them.
    assertEquals(List.of("hello", "world", "a"), UNCASED.tokenize("hello\u2028world\u2029a"));
  }

  @Test
  void emptyAndBlankTextGiveNoTokens() {
    assertEquals(List.of(), UNCASED.tokenize(""));
    assertEquals(List.of(), UNCASED.tokenize(" \t\n\u3000\u0000 "));
  }

  @Test
  void specialTokensInTextAreSplitLikeAnyText() {
    assertEquals(List.of("[", "cl", "##s", "]"), UNCASED.tokenize("[CLS]"));
  }

  @Test
  void unknownTokensGetTheUnkId() {
    assertArrayEquals(new int[] {5, 1, 6}, UNCASED.ids(List.of("hello", "nope", "world")));
    assertEquals(1, UNCASED.id("nope"));
  }

  @Test
  void specialTokenIdsComeFromTheVocabulary() {
    assertEquals(0, UNCASED.padId());
    assertEquals(1, UNCASED.unkId());
    assertEquals(2, UNCASED.clsId());
    assertEquals(3, UNCASED.sepId());
    assertEquals(VOCAB.size(), UNCASED.vocabSize());
  }

  @Test
  void tokenOfAnIdIsItsVocabularyEntry() {
    assertEquals("hello", UNCASED.token(5));
    assertEquals("##😀", UNCASED.token(VOCAB.size() - 1));
  }

  @Test
  void tokenOfAnIdOutsideTheVocabularyIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> UNCASED.token(VOCAB.size()));
    assertThrows(IllegalArgumentException.class, () -> UNCASED.token(-1));
  }

  @Test
  void loadGivesEachLineItsIndexAsIdAndStripsSpaces() throws IOException {
    Path file = dir.resolve("vocab.txt");
    Files.writeString(file, "[PAD]\n  [UNK] \t\r\n[CLS]\n[SEP]\u00a0\nhello\n",
        StandardCharsets.UTF_8);

    WordPieceTokenizer t = WordPieceTokenizer.load(file, true);

    assertEquals(5, t.vocabSize());
    assertEquals(1, t.unkId());
    assertEquals(3, t.sepId());
    assertArrayEquals(new int[] {4, 1}, t.ids(t.tokenize("Hello you")));
    assertTrue(t.lowerCase());
  }

  @Test
  void repeatedTokenKeepsTheIdOfItsLastLine() {
    List<String> vocab = new ArrayList<>(VOCAB);
    vocab.add("hello");

    assertEquals(VOCAB.size(), WordPieceTokenizer.of(vocab, true).id("hello"));
  }

  @Test
  void missingVocabularyFileFailsWithAFix() {
    Path missing = dir.resolve("absent/vocab.txt");

    DataException e = assertThrows(DataException.class,
        () -> WordPieceTokenizer.load(missing, true));

    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("(fix: "), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void vocabularyFileThatIsNotUtf8FailsWithAFix() throws IOException {
    Path file = dir.resolve("latin1.txt");
    Files.write(file, "[PAD]\n[UNK]\n[CLS]\n[SEP]\ncr\u00e8me\n".getBytes(
        StandardCharsets.ISO_8859_1));

    DataException e = assertThrows(DataException.class, () -> WordPieceTokenizer.load(file, true));

    assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
  }

  @Test
  void vocabularyWithoutUnkIsRejectedWithAFix() {
    DataException e = assertThrows(DataException.class,
        () -> WordPieceTokenizer.of(List.of("[PAD]", "[CLS]", "[SEP]", "hello"), true));

    assertTrue(e.getMessage().contains("[UNK]"), e.getMessage());
    assertTrue(!e.fix().isEmpty());
  }
}
