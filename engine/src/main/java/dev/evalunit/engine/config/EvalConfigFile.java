package dev.evalunit.engine.config;

/**
 * Reads a synth-ai eval TOML file into a settings layer with the meaning the file has for the
 * synth-ai eval command. Each setting's origin names the file and the key.
 */
final class EvalConfigFile {

  private EvalConfigFile() {}

  /**
   * @param location a path relative to the base directory (or absolute), else a class-path
   *     resource
   * @param seedSet the {@code seedSet} setting, or null
   */
  static SynthEvalToml.Mapped read(String location, Setting seedSet, ConfigFiles files,
      ClassLoader classLoader) {
    return SynthEvalToml.map(files.toml(location, classLoader), location, seedSet);
  }

  /** The one warning about a file's unused keys, naming the file and each key. */
  static String unusedKeysNotice(String location, SynthEvalToml.Mapped mapped) {
    return "evalunit ignores these keys of " + location + " (not used by evalunit): "
        + String.join(", ", mapped.unusedKeys());
  }
}
