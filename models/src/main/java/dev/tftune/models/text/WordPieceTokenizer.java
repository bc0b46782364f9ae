package dev.tftune.models.text;

import dev.tftune.data.DataException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * BERT's tokenizer: the basic tokenizer (text cleaning, CJK splitting, optional lower-casing with
 * accent stripping, punctuation splitting) followed by greedy longest-match-first WordPiece, with
 * the behaviour of Google's reference {@code tokenization.py} ({@code FullTokenizer}).
 *
 * <p>Everything works on Unicode code points, as Python 3 strings do, so a character outside the
 * Basic Multilingual Plane (an emoji, a CJK extension ideograph) is one character here too.
 * Character categories come from the JDK's Unicode tables, where the reference uses Python's
 * {@code unicodedata}; the two agree except on characters assigned in a Unicode version only one
 * of them knows.
 *
 * <p>Text that looks like a special token ({@code "[CLS]"}) is tokenized like any other text, as
 * the reference does; special tokens are added by {@link BertInputEncoder}.
 *
 * <p>Immutable and thread-safe.
 */
public final class WordPieceTokenizer {
  /** Stands for a word the vocabulary cannot spell; must be in every vocabulary. */
  public static final String UNK = "[UNK]";
  /** Starts every BERT input; must be in every vocabulary. */
  public static final String CLS = "[CLS]";
  /** Ends each segment of a BERT input; must be in every vocabulary. */
  public static final String SEP = "[SEP]";
  /** Fills a row up to the batch length; must be in every vocabulary. */
  public static final String PAD = "[PAD]";
  /** Marks a piece that continues a word rather than starting one. */
  public static final String CONTINUATION = "##";
  /**
   * Words of more code points than this become {@link #UNK}: 200, the default of the reference's
   * {@code WordpieceTokenizer} (HuggingFace's port uses 100; see {@link #withMaxWordLength}).
   */
  public static final int DEFAULT_MAX_WORD_LENGTH =
      dev.tftune.data.TokenizerSettings.DEFAULT_MAX_WORD_LENGTH;

  private final String[] tokens;
  private final Map<String, Integer> ids;
  private final boolean lowerCase;
  private final int maxWordLength;
  /** No vocabulary entry is longer, so longer candidates need no look-up. */
  private final int longestEntry;
  private final int unkId;
  private final int clsId;
  private final int sepId;
  private final int padId;

  private WordPieceTokenizer(String[] tokens, Map<String, Integer> ids, boolean lowerCase,
      int maxWordLength, int longestEntry) {
    this.tokens = tokens;
    this.ids = ids;
    this.lowerCase = lowerCase;
    this.maxWordLength = maxWordLength;
    this.longestEntry = longestEntry;
    this.unkId = ids.get(UNK);
    this.clsId = ids.get(CLS);
    this.sepId = ids.get(SEP);
    this.padId = ids.get(PAD);
  }

  /**
   * Reads a BERT {@code vocab.txt}: UTF-8, one token per line, the id of a token is its line
   * index (from 0). Like the reference, each line is stripped of surrounding whitespace and a
   * token listed twice keeps the id of its last line.
   *
   * @param vocabTxt the vocabulary file
   * @param lowerCase whether text is lower-cased and stripped of accents first: true for
   *     "uncased" models, false for "cased" ones
   * @throws DataException when the file cannot be read, is not UTF-8, or lacks one of
   *     {@code [UNK] [CLS] [SEP] [PAD]}
   */
  public static WordPieceTokenizer load(Path vocabTxt, boolean lowerCase) {
    try (BufferedReader reader = Files.newBufferedReader(vocabTxt, StandardCharsets.UTF_8)) {
      return read(reader, lowerCase, vocabTxt.toString());
    } catch (IOException e) {
      throw new DataException("cannot read vocabulary " + vocabTxt + ": " + e,
          "pass the vocab.txt of a BERT model (one token per line)", e);
    }
  }

  /**
   * A tokenizer over the bytes of a {@code vocab.txt} file (as an export carries them).
   *
   * @throws DataException when the bytes are not UTF-8 text or lack a special token
   */
  public static WordPieceTokenizer of(byte[] vocabTxt, boolean lowerCase) {
    java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
    try (BufferedReader reader = new BufferedReader(new java.io.InputStreamReader(
        new java.io.ByteArrayInputStream(vocabTxt), utf8))) {
      return read(reader, lowerCase, "the vocabulary");
    } catch (IOException e) {
      throw new DataException("cannot read the vocabulary: " + e,
          "pass the vocab.txt of a BERT model (one token per line)", e);
    }
  }

  private static WordPieceTokenizer read(BufferedReader reader, boolean lowerCase, String source)
      throws IOException {
    List<String> lines = new ArrayList<>();
    try {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.add(stripPythonSpace(line));
      }
    } catch (CharacterCodingException e) {
      throw new DataException("vocabulary " + source + " is not UTF-8 text",
          "pass the vocab.txt that came with the BERT model", e);
    }
    return build(lines, lowerCase, source);
  }

  /**
   * A tokenizer over the given tokens, whose ids are their list indices. Entries are used as
   * they are (not stripped); a token listed twice keeps its last index.
   *
   * @param vocab the tokens, by id
   * @param lowerCase whether text is lower-cased and stripped of accents first
   * @throws DataException when one of {@code [UNK] [CLS] [SEP] [PAD]} is missing
   */
  public static WordPieceTokenizer of(List<String> vocab, boolean lowerCase) {
    return build(vocab, lowerCase, "the vocabulary");
  }

  private static WordPieceTokenizer build(List<String> vocab, boolean lowerCase, String source) {
    String[] tokens = vocab.toArray(new String[0]);
    Map<String, Integer> ids = new HashMap<>(tokens.length * 2);
    int longest = 0;
    for (int i = 0; i < tokens.length; i++) {
      String token = Objects.requireNonNull(tokens[i], "vocabulary entry " + i);
      ids.put(token, i);
      longest = Math.max(longest, token.codePointCount(0, token.length()));
    }
    for (String special : List.of(UNK, CLS, SEP, PAD)) {
      if (!ids.containsKey(special)) {
        throw new DataException(source + " (" + tokens.length + " tokens) has no " + special
            + " token", "use the vocab.txt of a BERT model, which lists " + UNK + ", " + CLS
            + ", " + SEP + " and " + PAD);
      }
    }
    return new WordPieceTokenizer(tokens, Collections.unmodifiableMap(ids), lowerCase,
        DEFAULT_MAX_WORD_LENGTH, longest);
  }

  /**
   * This tokenizer with another word length limit: words of more code points become
   * {@link #UNK}. The default is {@link #DEFAULT_MAX_WORD_LENGTH}.
   *
   * @param maxWordLength the longest word, in code points, that is split into pieces; at least 1
   */
  public WordPieceTokenizer withMaxWordLength(int maxWordLength) {
    if (maxWordLength < 1) {
      throw new IllegalArgumentException("maxWordLength must be at least 1, not " + maxWordLength);
    }
    return new WordPieceTokenizer(tokens, ids, lowerCase, maxWordLength, longestEntry);
  }

  /**
   * Splits text into vocabulary tokens. Never returns special tokens other than {@link #UNK}.
   *
   * @param text any text; empty or blank text gives an empty list
   * @return the tokens, unmodifiable
   */
  public List<String> tokenize(String text) {
    Objects.requireNonNull(text, "text");
    List<String> out = new ArrayList<>();
    for (String word : basicTokenize(text)) {
      wordPieces(word, out);
    }
    return Collections.unmodifiableList(out);
  }

  /** The reference's {@code BasicTokenizer}: words and punctuation, before WordPiece. */
  List<String> basicTokenize(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
        continue;
      }
      // The reference maps its whitespace to ' ' and puts spaces around CJK ideographs, then
      // splits with Python's str.split(), which also splits on U+2028 and U+2029: all of them
      // end the current word here.
      if (isWhitespace(cp) || isPythonSpace(cp)) {
        flushWord(word, words);
      } else if (isCjkIdeograph(cp)) {
        // A word of its own, still lower-cased and normalized: NFD maps a compatibility
        // ideograph (U+F900 to U+FAFF) to its unified twin, which the vocabulary may hold.
        flushWord(word, words);
        word.appendCodePoint(cp);
        flushWord(word, words);
      } else {
        word.appendCodePoint(cp);
      }
    }
    flushWord(word, words);
    return words;
  }

  private void flushWord(StringBuilder word, List<String> words) {
    if (word.length() == 0) {
      return;
    }
    String w = word.toString();
    word.setLength(0);
    if (lowerCase) {
      // Locale.ROOT: the default locale would turn "I" into a dotless i under Turkish.
      w = stripAccents(w.toLowerCase(Locale.ROOT));
    }
    splitOnPunctuation(w, words);
  }

  private static String stripAccents(String word) {
    String nfd = Normalizer.normalize(word, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(nfd.length());
    nfd.codePoints()
        .filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK)
        .forEach(out::appendCodePoint);
    return out.toString();
  }

  private static void splitOnPunctuation(String word, List<String> words) {
    int start = 0;
    for (int i = 0; i < word.length(); ) {
      int cp = word.codePointAt(i);
      int next = i + Character.charCount(cp);
      if (isPunctuation(cp)) {
        if (start < i) {
          words.add(word.substring(start, i));
        }
        words.add(word.substring(i, next));
        start = next;
      }
      i = next;
    }
    if (start < word.length()) {
      words.add(word.substring(start));
    }
  }

  /** The reference's {@code WordpieceTokenizer} on one word. */
  private void wordPieces(String word, List<String> out) {
    int n = word.codePointCount(0, word.length());
    if (n > maxWordLength) {
      out.add(UNK);
      return;
    }
    // charAt[k] is where code point k starts, so pieces are cut on code points, never inside
    // a surrogate pair.
    int[] charAt = new int[n + 1];
    for (int k = 0, i = 0; k < n; k++) {
      charAt[k] = i;
      i += Character.charCount(word.codePointAt(i));
    }
    charAt[n] = word.length();
    int first = out.size();
    int start = 0;
    while (start < n) {
      String piece = null;
      int end = Math.min(n, start + longestEntry);
      for (; end > start; end--) {
        String candidate = word.substring(charAt[start], charAt[end]);
        if (start > 0) {
          candidate = CONTINUATION + candidate;
        }
        if (ids.containsKey(candidate)) {
          piece = candidate;
          break;
        }
      }
      if (piece == null) {
        // One unmatched piece makes the whole word unknown, dropping the pieces found so far.
        out.subList(first, out.size()).clear();
        out.add(UNK);
        return;
      }
      out.add(piece);
      start = end;
    }
  }

  /** The ids of tokens; a token not in the vocabulary gets the id of {@link #UNK}. */
  public int[] ids(List<String> tokens) {
    int[] result = new int[tokens.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = id(tokens.get(i));
    }
    return result;
  }

  /** The id of a token; a token not in the vocabulary gets the id of {@link #UNK}. */
  public int id(String token) {
    return ids.getOrDefault(token, unkId);
  }

  /**
   * The token of an id.
   *
   * @throws IllegalArgumentException when the id is not in {@code [0, vocabSize())}
   */
  public String token(int id) {
    if (id < 0 || id >= tokens.length) {
      throw new IllegalArgumentException(
          "token id " + id + " is outside the vocabulary [0, " + tokens.length + ")");
    }
    return tokens[id];
  }

  /** How many ids the vocabulary has: its number of lines. */
  public int vocabSize() {
    return tokens.length;
  }

  /** Whether text is lower-cased and stripped of accents before WordPiece. */
  public boolean lowerCase() {
    return lowerCase;
  }

  /** The longest word, in code points, split into pieces; longer ones become {@link #UNK}. */
  public int maxWordLength() {
    return maxWordLength;
  }

  /** The id of {@link #CLS}. */
  public int clsId() {
    return clsId;
  }

  /** The id of {@link #SEP}. */
  public int sepId() {
    return sepId;
  }

  /** The id of {@link #PAD}. */
  public int padId() {
    return padId;
  }

  /** The id of {@link #UNK}. */
  public int unkId() {
    return unkId;
  }

  /** The reference's {@code _is_whitespace}: space, tab, newline, carriage return and Zs. */
  private static boolean isWhitespace(int cp) {
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r'
        || Character.getType(cp) == Character.SPACE_SEPARATOR;
  }

  /** The reference's {@code _is_control}: Cc and Cf, except tab, newline and carriage return. */
  private static boolean isControl(int cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r') {
      return false;
    }
    int type = Character.getType(cp);
    return type == Character.CONTROL || type == Character.FORMAT;
  }

  /** The reference's {@code _is_punctuation}: ASCII non-alphanumeric symbols and any P*. */
  private static boolean isPunctuation(int cp) {
    if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96)
        || (cp >= 123 && cp <= 126)) {
      return true;
    }
    switch (Character.getType(cp)) {
      case Character.CONNECTOR_PUNCTUATION:
      case Character.DASH_PUNCTUATION:
      case Character.START_PUNCTUATION:
      case Character.END_PUNCTUATION:
      case Character.INITIAL_QUOTE_PUNCTUATION:
      case Character.FINAL_QUOTE_PUNCTUATION:
      case Character.OTHER_PUNCTUATION:
        return true;
      default:
        return false;
    }
  }

  /** The reference's {@code _is_chinese_char}: the CJK Unified and Compatibility Ideographs. */
  private static boolean isCjkIdeograph(int cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF)
        || (cp >= 0x3400 && cp <= 0x4DBF)
        || (cp >= 0x20000 && cp <= 0x2A6DF)
        || (cp >= 0x2A700 && cp <= 0x2B73F)
        || (cp >= 0x2B740 && cp <= 0x2B81F)
        || (cp >= 0x2B820 && cp <= 0x2CEAF)
        || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0x2F800 && cp <= 0x2FA1F);
  }

  /**
   * Python's {@code str.isspace()}, which {@code str.split()} and {@code str.strip()} use: the
   * characters of bidirectional class WS, B or S, or category Zs. Java's
   * {@code Character.isWhitespace} differs (it leaves out no-break spaces).
   */
  private static boolean isPythonSpace(int cp) {
    return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || cp == 0x85 || cp == 0xA0
        || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029
        || cp == 0x202F || cp == 0x205F || cp == 0x3000;
  }

  /** Python's {@code str.strip()}, which the reference applies to each vocabulary line. */
  private static String stripPythonSpace(String s) {
    int begin = 0;
    int end = s.length();
    // Every Python space is in the BMP, so char-wise stepping cannot split a surrogate pair.
    while (begin < end && isPythonSpace(s.charAt(begin))) {
      begin++;
    }
    while (end > begin && isPythonSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(begin, end);
  }
}
