package dev.evalunit.engine.report;

/**
 * A merge of shards ({@code evalunit.shard=merge}) that cannot be judged: a shard is missing,
 * unfinished, ran under another config hash, or lacks results for seeds it owns. The message
 * names the suite, the shard and the folder. It fails the suite before any seed is reported.
 */
public final class ShardMergeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ShardMergeException(String message) {
    super(message);
  }
}
