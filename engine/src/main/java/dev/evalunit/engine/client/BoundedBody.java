package dev.evalunit.engine.client;

import java.io.IOException;
import java.io.InputStream;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Okio;

/**
 * A response body read through a byte budget: past {@code maxBytes} the read fails with
 * {@link TooLarge}, so an endless or oversized body costs at most that much memory. Also tells
 * whether the body was framed by the connection closing (neither a length nor chunks), the one
 * framing in which a cut body looks like an early end.
 */
final class BoundedBody {

  /** The body grew past the limit; carries the limit for the message. */
  static final class TooLarge extends IOException {
    final long limit;

    TooLarge(long limit) {
      super("the response body exceeded " + ResponseLimits.describe(limit));
      this.limit = limit;
    }
  }

  private BoundedBody() {}

  /** The body as a stream that fails once more than {@code maxBytes} have been read. */
  static InputStream open(ResponseBody body, long maxBytes) throws TooLarge {
    if (body.contentLength() > maxBytes) {
      throw new TooLarge(maxBytes);
    }
    return Okio.buffer(new ForwardingSource(body.source()) {
      private long read;

      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        long n = super.read(sink, byteCount);
        if (n > 0) {
          read += n;
          if (read > maxBytes) {
            throw new TooLarge(maxBytes);
          }
        }
        return n;
      }
    }).inputStream();
  }

  /** True when only the connection closing marks the end of the body (HTTP/1.x). */
  static boolean closeDelimited(okhttp3.Response response) {
    return response.header("Content-Length") == null
        && !"chunked".equalsIgnoreCase(response.header("Transfer-Encoding"))
        && (response.protocol() == okhttp3.Protocol.HTTP_1_0
            || response.protocol() == okhttp3.Protocol.HTTP_1_1);
  }
}
