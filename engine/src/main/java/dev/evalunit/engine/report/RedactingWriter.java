package dev.evalunit.engine.report;

import dev.evalunit.engine.config.SecretRedactor;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * Masks the suite's secret values in every piece written through it. Report writers append whole
 * values at a time, so a secret never straddles two writes.
 */
final class RedactingWriter extends FilterWriter {

  private final SecretRedactor redactor;

  RedactingWriter(Writer out, SecretRedactor redactor) {
    super(out);
    this.redactor = redactor;
  }

  @Override
  public void write(String text, int offset, int length) throws IOException {
    String redacted = redactor.redact(text.substring(offset, offset + length));
    out.write(redacted, 0, redacted.length());
  }

  @Override
  public void write(char[] chars, int offset, int length) throws IOException {
    write(new String(chars, offset, length), 0, length);
  }
}
