package org.paperrec.server.corpus;

import java.io.IOException;

/**
 * A {@link PaperStream} that reads one {@link CorpusInput}: progress is the input's, and closing
 * the stream closes the input. Readers extend it and implement {@link #next()}.
 */
abstract class InputPaperStream implements PaperStream {

  protected final CorpusInput input;

  InputPaperStream(CorpusInput input) {
    this.input = input;
  }

  @Override
  public long bytesRead() {
    return input.bytesRead();
  }

  @Override
  public long totalBytes() {
    return input.totalBytes();
  }

  @Override
  public void close() throws IOException {
    input.close();
  }
}
