package dev.evalunit.engine.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.BufferedReader;
import java.math.BigDecimal;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds and reads the local files a suite names (eval TOML, LLM config, JSONL dataset): a path
 * relative to the base directory (or absolute) first, else a class-path resource. Each file is
 * read once per discovery, however many suites name it. Every failure is a
 * {@link ConfigException} that names the file as the user wrote it.
 */
final class ConfigFiles {

  private static final TomlMapper TOML = new TomlMapper();

  private final Path baseDir;
  private final Map<String, Map<String, Object>> tomlByKey = new HashMap<>();
  private final Map<String, List<String>> linesByKey = new HashMap<>();

  ConfigFiles(Path baseDir) {
    this.baseDir = baseDir;
  }

  /** The parsed TOML document at {@code location}. */
  Map<String, Object> toml(String location, ClassLoader loader) {
    return tomlByKey.computeIfAbsent(cacheKey(location, loader), k -> open(location, loader, in -> {
      try {
        return floatsAsDoubles(TOML.readValue(in, new TypeReference<Map<String, Object>>() {}));
      } catch (JacksonException e) {
        throw new ConfigException(location + ": not valid TOML: " + e.getOriginalMessage()
            + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr() + ")"));
      }
    }));
  }

  /** The UTF-8 lines of the text file at {@code location}. */
  List<String> lines(String location, ClassLoader loader) {
    return linesByKey.computeIfAbsent(cacheKey(location, loader), k -> open(location, loader,
        in -> new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
            .toList()));
  }

  /**
   * The TOML parser reads floats as BigDecimal; properties and JSON carry them as double, and
   * {@code temperature = 0.6} must compare equal (and hash the same) from either source.
   */
  @SuppressWarnings("unchecked")
  private static <T> T floatsAsDoubles(T value) {
    if (value instanceof BigDecimal decimal) {
      return (T) Double.valueOf(decimal.doubleValue());
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> converted = new LinkedHashMap<>();
      map.forEach((k, v) -> converted.put(String.valueOf(k), floatsAsDoubles(v)));
      return (T) converted;
    }
    if (value instanceof List<?> list) {
      List<Object> converted = new ArrayList<>();
      list.forEach(item -> converted.add(floatsAsDoubles(item)));
      return (T) converted;
    }
    return value;
  }

  private <T> T open(String location, ClassLoader loader, Parser<T> parser) {
    Path path = baseDir.resolve(location);
    try {
      if (Files.isDirectory(path)) {
        throw new ConfigException(location + ": is a directory (" + path + "), expected a file");
      }
      if (Files.exists(path)) {
        try (InputStream in = Files.newInputStream(path)) {
          return parser.parse(in);
        }
      }
      String resource = location.startsWith("/") ? location.substring(1) : location;
      InputStream in = loader == null ? null : loader.getResourceAsStream(resource);
      if (in == null) {
        throw new ConfigException(location + ": file not found (looked for " + path
            + " and class-path resource " + resource + ")");
      }
      try (in) {
        return parser.parse(in);
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new ConfigException(location + ": cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  private static String cacheKey(String location, ClassLoader loader) {
    return System.identityHashCode(loader) + ":" + location;
  }

  @FunctionalInterface
  private interface Parser<T> {
    T parse(InputStream in) throws IOException;
  }
}
