package dev.evalunit.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.evalunit.engine.config.SeedSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code traces/seed_<N>_trace.json} as soon as a rollout returns, so traces are streamed
 * to disk and never all held in memory.
 */
public final class TraceFiles {

  private static final ObjectMapper PRETTY =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path outputDir;

  public TraceFiles(Path outputDir) {
    this.outputDir = outputDir;
  }

  /** Writes the trace and returns its path relative to the output folder. */
  public String write(SeedSpec seed, JsonNode trace) {
    String relative = "traces/" + fileName(seed);
    Path file = outputDir.resolve(relative);
    try {
      Files.createDirectories(file.getParent());
      PRETTY.writeValue(file.toFile(), trace);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write trace " + file, e);
    }
    return relative;
  }

  static String fileName(SeedSpec seed) {
    String key = seed.instanceId() == null ? Long.toString(seed.seed())
        : seed.instanceId().replaceAll("[^A-Za-z0-9._-]", "_");
    return "seed_" + key + "_trace.json";
  }
}
