package dev.evalunit.engine.pricing;

/**
 * The token split of one rollout, as a price table needs it. {@code prompt} includes
 * {@code cached} (the prompt tokens read from the provider's cache), as OpenAI's
 * {@code usage.prompt_tokens_details.cached_tokens} counts them. Zero means "not reported".
 *
 * <pre>{@code
 * new TokenCounts(912, 24, 512) // 912 prompt tokens, 512 of them cached; 24 completion tokens
 * }</pre>
 *
 * @param prompt prompt (input) tokens, cached ones included
 * @param completion completion (output) tokens
 * @param cached the prompt tokens served from cache
 */
public record TokenCounts(long prompt, long completion, long cached) {

  public static final TokenCounts NONE = new TokenCounts(0, 0, 0);

  public TokenCounts {
    prompt = Math.max(0, prompt);
    completion = Math.max(0, completion);
    cached = Math.min(Math.max(0, cached), prompt);
  }

  /** True when the rollout reported a prompt/completion split a price table can use. */
  public boolean known() {
    return prompt > 0 || completion > 0;
  }

  /** The sum of two splits (one rollout's LLM calls), saturating instead of overflowing. */
  public TokenCounts plus(TokenCounts other) {
    return new TokenCounts(add(prompt, other.prompt), add(completion, other.completion),
        add(cached, other.cached));
  }

  private static long add(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
