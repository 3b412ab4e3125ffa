package dev.evalunit.bench.stub;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Answers the task-app endpoints the engine calls. A rollout's reply is scheduled on the
 * connection's event loop after the configured latency, so waiting costs a timer entry, not a
 * thread.
 */
@Sharable
final class StubHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  /** Request header that overrides the latency of one rollout, in milliseconds. */
  static final String LATENCY_HEADER = "X-Stub-Latency-Ms";

  private final long latencyNanos;
  private final StubResponses responses;
  private final LongAdder rollouts;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  StubHandler(long latencyNanos, StubResponses responses, LongAdder rollouts) {
    this.latencyNanos = latencyNanos;
    this.responses = responses;
    this.rollouts = rollouts;
  }

  /** The most rollouts that were waiting out their latency at the same time. */
  int maxInFlight() {
    return maxInFlight.get();
  }

  /** Forgets the warm-up's peak. */
  void resetMaxInFlight() {
    maxInFlight.set(0);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    String path = request.uri();
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    HttpMethod method = request.method();
    if (method.equals(HttpMethod.POST) && path.equals("/rollout")) {
      rollout(ctx, request.content(), keepAlive, latencyOf(request));
    } else if (method.equals(HttpMethod.GET) && path.equals("/health")) {
      send(ctx, HttpResponseStatus.OK, "{\"healthy\":true,\"auth\":{\"required\":false}}",
          keepAlive);
    } else if ((method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD))
        && path.equals("/")) {
      send(ctx, HttpResponseStatus.OK, "{\"status\":\"ok\",\"service\":\"bench-stub\"}",
          keepAlive);
    } else if (method.equals(HttpMethod.POST) && path.equals("/done")) {
      send(ctx, HttpResponseStatus.OK, "{\"ok\":true}", keepAlive);
    } else {
      send(ctx, HttpResponseStatus.NOT_FOUND, "{\"detail\":\"Not Found\"}", keepAlive);
    }
  }

  /** The configured latency, or the {@code X-Stub-Latency-Ms} header's (used to warm up). */
  private long latencyOf(FullHttpRequest request) {
    String override = request.headers().get(LATENCY_HEADER);
    if (override == null) {
      return latencyNanos;
    }
    try {
      return TimeUnit.MILLISECONDS.toNanos(Math.max(0, Long.parseLong(override.trim())));
    } catch (NumberFormatException e) {
      return latencyNanos;
    }
  }

  private void rollout(ChannelHandlerContext ctx, ByteBuf content, boolean keepAlive,
      long latencyNanos) {
    RolloutCall call;
    try {
      byte[] bytes = ByteBufUtil.getBytes(content);
      call = RolloutCall.parse(bytes, 0, bytes.length);
    } catch (IllegalArgumentException e) {
      send(ctx, HttpResponseStatus.UNPROCESSABLE_ENTITY,
          "{\"detail\":[{\"type\":\"invalid\",\"loc\":[\"body\"],\"msg\":\""
              + e.getMessage().replace('"', '\'') + "\"}]}", keepAlive);
      return;
    }
    rollouts.increment();
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    if (latencyNanos == 0) {
      reply(ctx, call, keepAlive);
    } else {
      ctx.executor().schedule(() -> reply(ctx, call, keepAlive), latencyNanos,
          TimeUnit.NANOSECONDS);
    }
  }

  private void reply(ChannelHandlerContext ctx, RolloutCall call, boolean keepAlive) {
    inFlight.decrementAndGet();
    write(ctx, HttpResponseStatus.OK, responses.rollout(call, ctx.alloc()), keepAlive);
  }

  private static void send(ChannelHandlerContext ctx, HttpResponseStatus status, String body,
      boolean keepAlive) {
    write(ctx, status, StubResponses.json(body, ctx.alloc()), keepAlive);
  }

  private static void write(ChannelHandlerContext ctx, HttpResponseStatus status, ByteBuf body,
      boolean keepAlive) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    if (keepAlive) {
      ctx.writeAndFlush(response, ctx.voidPromise());
    } else {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A client that hangs up mid-request is normal at the end of a wrk run; just drop it.
    ctx.close();
  }
}
