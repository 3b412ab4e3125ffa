package dev.evalunit.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evalunit.engine.config.SeedSpec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Writes {@code traces/seed_<N>_trace.json} as soon as a rollout returns, streamed to disk, in
 * the bytes synth-ai's {@code save_traces} writes ({@code json.dumps(trace, indent=2)}, see
 * {@link #writeJson}). One file per seed (and per later epoch: {@code seed_7+epoch_2_trace.json}),
 * always: a seed number, or an instance id made only of
 * {@code a-z 0-9 . _ -}, names the file as it is; any other id (non-ASCII, {@code /}, spaces,
 * capitals, which a case-insensitive disk would fold) is written with its unsafe characters as
 * {@code _} and a hash of the whole id, so two ids never share a file:
 *
 * <pre>
 * seed 7          -> traces/seed_7_trace.json
 * "django-11099"  -> traces/seed_django-11099_trace.json
 * "a/b"           -> traces/seed_a_b+c14cddc033f64b9dea80ea675cf280a0_trace.json
 * </pre>
 */
public final class TraceFiles {

  private static final Pattern SAFE_ID = Pattern.compile("[a-z0-9._-]{1,100}");
  private static final Pattern TRACE_FILE =
      Pattern.compile("seed_.*_trace\\.json(\\.tmp|\\.part)?");

  private final Path outputDir;

  public TraceFiles(Path outputDir) {
    this.outputDir = outputDir;
  }

  /** Where a seed's trace goes, relative to the output folder: {@code traces/seed_7_trace.json}. */
  public static String relativePath(SeedSpec seed) {
    return relativePath(seed, 0);
  }

  /**
   * Where the trace of one epoch of a seed goes: epoch 0 as {@link #relativePath(SeedSpec)},
   * a later one as {@code traces/seed_7+epoch_2_trace.json} (no plain id holds a {@code +}, so
   * this name is never another seed's).
   */
  public static String relativePath(SeedSpec seed, int epoch) {
    String name = fileName(seed);
    return "traces/" + (epoch == 0 ? name
        : name.substring(0, name.length() - "_trace.json".length()) + "+epoch_" + epoch
            + "_trace.json");
  }

  /** Writes the trace of epoch 0 and returns its path relative to the output folder. */
  public String write(SeedSpec seed, JsonNode trace) {
    return write(seed, 0, trace);
  }

  /** Writes the trace of one epoch of a seed; returns its path relative to the output folder. */
  public String write(SeedSpec seed, int epoch, JsonNode trace) {
    String relative = relativePath(seed, epoch);
    Path file = outputDir.resolve(relative);
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      try (Writer out = new BufferedWriter(Files.newBufferedWriter(temp, StandardCharsets.UTF_8),
          1 << 16)) {
        writeJson(trace, out);
      }
      try {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write trace " + file, e);
    }
    return relative;
  }

  /**
   * Deletes the trace files an earlier run left in {@code traces/} that {@code stale} accepts
   * (it gets paths relative to the output folder, as {@code results.jsonl} records them). Only
   * files named like trace files are considered.
   *
   * @return how many files were deleted
   */
  public int removeStale(Predicate<String> stale) {
    Path dir = outputDir.resolve("traces");
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int deleted = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (TRACE_FILE.matcher(name).matches() && stale.test("traces/" + name)
            && Files.isRegularFile(file)) {
          Files.delete(file);
          deleted++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the stale trace files of " + dir, e);
    }
    return deleted;
  }

  /** The file name of a seed's trace; distinct for distinct seeds of a suite. */
  static String fileName(SeedSpec seed) {
    String id = seed.instanceId();
    if (id == null) {
      return "seed_" + seed.seed() + "_trace.json";
    }
    if (SAFE_ID.matcher(id).matches()) {
      return "seed_" + id + "_trace.json";
    }
    StringBuilder safe = new StringBuilder();
    id.codePoints().limit(60).forEach(c -> safe.append(
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ? (char) c
            : '_'));
    // '+' never occurs in a safe id, so a hashed name cannot equal another id's plain name.
    return "seed_" + safe + "+" + hash(id) + "_trace.json";
  }

  private static String hash(String id) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(id.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code node} as Python's {@code json.dumps(node, indent=2)} writes it (the defaults of
   * Python's {@code json} module): a newline and two spaces per level before each element,
   * {@code ","} between elements and {@code ": "} after a key; {@code []} and {@code {}} when
   * empty; strings with {@code ensure_ascii=True}: {@code \"}, {@code \\}, {@code \n},
   * {@code \r}, {@code \t}, {@code \b}, {@code \f}, and every other character outside
   * {@code ' '..'~'} as a backslash-u escape of four lowercase hex digits (per UTF-16 unit, so
   * a character beyond the BMP is a surrogate pair); integers as their digits; floats as
   * Python's {@code repr} ({@link PythonJson#repr}); no trailing newline.
   */
  static void writeJson(JsonNode node, Writer out) throws IOException {
    write(node, out, 0);
  }

  private static void write(JsonNode node, Writer out, int depth) throws IOException {
    if (node == null || node.isNull() || node.isMissingNode()) {
      out.write("null");
    } else if (node.isObject()) {
      if (node.isEmpty()) {
        out.write("{}");
        return;
      }
      out.write('{');
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      boolean first = true;
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        out.write(first ? "\n" : ",\n");
        first = false;
        indent(out, depth + 1);
        string(field.getKey(), out);
        out.write(": ");
        write(field.getValue(), out, depth + 1);
      }
      out.write('\n');
      indent(out, depth);
      out.write('}');
    } else if (node.isArray()) {
      if (node.isEmpty()) {
        out.write("[]");
        return;
      }
      out.write('[');
      for (int i = 0; i < node.size(); i++) {
        out.write(i == 0 ? "\n" : ",\n");
        indent(out, depth + 1);
        write(node.get(i), out, depth + 1);
      }
      out.write('\n');
      indent(out, depth);
      out.write(']');
    } else if (node.isTextual()) {
      string(node.textValue(), out);
    } else if (node.isIntegralNumber()) {
      out.write(node.bigIntegerValue().toString());
    } else if (node.isNumber()) {
      out.write(PythonJson.repr(node.doubleValue()));
    } else if (node.isBoolean()) {
      out.write(node.booleanValue() ? "true" : "false");
    } else {
      // Binary or POJO nodes do not come out of a parsed reply; Python's default=str.
      string(node.asText(), out);
    }
  }

  private static void indent(Writer out, int depth) throws IOException {
    for (int i = 0; i < depth; i++) {
      out.write("  ");
    }
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private static void string(String text, Writer out) throws IOException {
    out.write('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.write("\\\"");
        case '\\' -> out.write("\\\\");
        case '\n' -> out.write("\\n");
        case '\r' -> out.write("\\r");
        case '\t' -> out.write("\\t");
        case '\b' -> out.write("\\b");
        case '\f' -> out.write("\\f");
        default -> {
          if (c >= ' ' && c <= '~') {
            out.write(c);
          } else {
            out.write("\\u");
            out.write(HEX[(c >> 12) & 0xf]);
            out.write(HEX[(c >> 8) & 0xf]);
            out.write(HEX[(c >> 4) & 0xf]);
            out.write(HEX[c & 0xf]);
          }
        }
      }
    }
    out.write('"');
  }
}
