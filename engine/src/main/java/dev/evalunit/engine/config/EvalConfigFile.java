package dev.evalunit.engine.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a synth-ai eval TOML file into a settings layer with the meaning the file has for the
 * synth-ai eval command. Each setting's origin names the file and the key.
 */
final class EvalConfigFile {

  private static final TomlMapper TOML = new TomlMapper();

  private EvalConfigFile() {}

  /**
   * @param location a path relative to {@code baseDir} (or absolute), else a class-path resource
   */
  static SettingsLayer read(String location, Path baseDir, ClassLoader classLoader) {
    Map<String, Object> document = parse(location, baseDir, classLoader);
    return SynthEvalToml.map(document, location);
  }

  private static Map<String, Object> parse(String location, Path baseDir, ClassLoader loader) {
    Path path = baseDir.resolve(location);
    try {
      if (Files.isRegularFile(path)) {
        try (InputStream in = Files.newInputStream(path)) {
          return TOML.readValue(in, new TypeReference<Map<String, Object>>() {});
        }
      }
      String resource = location.startsWith("/") ? location.substring(1) : location;
      InputStream in = loader == null ? null : loader.getResourceAsStream(resource);
      if (in == null) {
        throw new ConfigException(location + ": config file not found (looked for " + path
            + " and class-path resource " + resource + ")");
      }
      try (in) {
        return TOML.readValue(in, new TypeReference<Map<String, Object>>() {});
      }
    } catch (JacksonException e) {
      throw new ConfigException(location + ": not valid TOML: " + e.getOriginalMessage()
          + locationOf(e));
    } catch (IOException e) {
      throw new ConfigException(location + ": cannot read config file: " + e.getMessage(), e);
    }
  }

  private static String locationOf(JacksonException e) {
    return e.getLocation() == null ? ""
        : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
            + ")";
  }
}
