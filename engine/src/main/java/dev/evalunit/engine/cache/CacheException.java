package dev.evalunit.engine.cache;

/** A cache file that cannot be read or written; the message names the file and what to do. */
public final class CacheException extends RuntimeException {

  public CacheException(String message, Throwable cause) {
    super(message, cause);
  }
}
