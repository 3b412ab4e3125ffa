package dev.evalunit.bench.stub;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * The stub's reply bodies, in the synth-ai 0.4.4 {@code RolloutResponse} shape. The trace is a v3
 * trace ({@code event_history} of {@code lm_call} events with token usage) built once at the
 * requested size and shared by every reply, so the stub spends its time on I/O, not on JSON.
 */
final class StubResponses {

  /** Tokens each lm_call event of the trace reports; the engine sums them per seed. */
  static final int TOKENS_PER_EVENT = 936;

  private static final byte[] TRACE_FIELD = ",\"trace\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NO_TRACE_END = ",\"trace\":null}".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "}".getBytes(StandardCharsets.US_ASCII);

  private final ByteBuf trace;
  private final int traceEvents;

  StubResponses(int traceBytes) {
    StringBuilder events = new StringBuilder();
    int count = 0;
    // At least one event, so the engine always has usage to read from a returned trace.
    do {
      if (count > 0) {
        events.append(',');
      }
      appendEvent(events, count);
      count++;
    } while (events.length() + 160 < traceBytes);
    String text = "{\"schema_version\":\"3.0\",\"event_history\":[" + events
        + "],\"markov_blanket_message_history\":[],\"metadata\":{\"session_id\":\"bench-stub\","
        + "\"usage\":{\"total_tokens\":" + (long) count * TOKENS_PER_EVENT + "}}}";
    this.trace = Unpooled.unreleasableBuffer(
        Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)).asReadOnly());
    this.traceEvents = count;
  }

  /** Size of the shared trace in bytes. */
  int traceSize() {
    return trace.readableBytes();
  }

  int traceEvents() {
    return traceEvents;
  }

  /** A completed rollout: {@code mean_return} 1 for even seeds, 0.5 for odd ones. */
  ByteBuf rollout(RolloutCall call, ByteBufAllocator allocator) {
    double reward = call.seed() % 2 == 0 ? 1.0 : 0.5;
    String runId = jsonString(call.runId());
    String head = "{\"run_id\":" + runId
        + ",\"trajectories\":[],\"branches\":{},\"metrics\":{\"episode_returns\":[" + reward
        + "],\"mean_return\":" + reward + ",\"num_steps\":1,\"num_episodes\":1,"
        + "\"outcome_score\":" + reward + ",\"events_score\":null,\"details\":{}},"
        + "\"aborted\":false,\"trace_correlation_id\":" + runId + ",\"pipeline_metadata\":{}";
    ByteBuf headBuf = allocator.buffer(head.length() + NO_TRACE_END.length);
    headBuf.writeCharSequence(head, StandardCharsets.UTF_8);
    if (!call.returnTrace()) {
      return headBuf.writeBytes(NO_TRACE_END);
    }
    headBuf.writeBytes(TRACE_FIELD);
    return Unpooled.wrappedBuffer(headBuf, trace.duplicate(), Unpooled.wrappedBuffer(END));
  }

  static ByteBuf json(String body, ByteBufAllocator allocator) {
    ByteBuf buf = allocator.buffer(body.length());
    buf.writeCharSequence(body, StandardCharsets.UTF_8);
    return buf;
  }

  private static void appendEvent(StringBuilder out, int index) {
    out.append("{\"type\":\"lm_call\",\"timestamp\":\"2025-01-01T00:00:")
        .append(String.format("%02d", index % 60))
        .append("Z\",\"llm_request\":{\"messages\":[{\"role\":\"system\",\"content\":\"")
        .append(FILLER)
        .append("\"},{\"role\":\"user\",\"content\":\"Classify the customer message ")
        .append(index)
        .append(".\"}]},\"llm_response\":{\"message\":{\"role\":\"assistant\",\"content\":null,")
        .append("\"tool_calls\":[{\"id\":\"call_").append(index)
        .append("\",\"type\":\"function\",\"function\":{\"name\":\"banking77_classify\",")
        .append("\"arguments\":\"{\\\"intent\\\":\\\"card_arrival\\\"}\"}}]},")
        .append("\"usage\":{\"prompt_tokens\":912,\"completion_tokens\":24,\"total_tokens\":")
        .append(TOKENS_PER_EVENT).append("},\"finish_reason\":\"tool_calls\"}}");
  }

  /** A system prompt of realistic length (about 600 characters). */
  private static final String FILLER = ("You are an expert banking assistant. Read the customer"
      + " message and call the banking77_classify tool with exactly one of the 77 intents. ")
      .repeat(4);

  /** A JSON string literal; run ids are plain ASCII, but never trust a request. */
  private static String jsonString(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
