package dev.evalunit.bench;

/** A scenario could not be measured (a child failed, a tool is missing or misbehaved). */
final class BenchmarkException extends RuntimeException {
  BenchmarkException(String message) {
    super(message);
  }
}
