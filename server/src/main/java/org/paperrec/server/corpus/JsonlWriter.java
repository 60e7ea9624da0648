package org.paperrec.server.corpus;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import org.paperrec.store.Paper;

/**
 * Writes papers in the layout {@link JsonlReader} reads, one JSON object per line (UTF-8, {@code \n}
 * after every line): {@code id, title, abstract, authors, author_count, categories,
 * primary_category, announced, upvotes, ids} ({@code ids}: every ID of the paper, its key first).
 * Every field is written, {@code null} included. A paper
 * reads back equal as long as its title, abstract and author names are in the form the readers
 * produce (whitespace collapsed, as every corpus reader leaves it); the reader collapses other
 * whitespace. Not thread-safe.
 */
public final class JsonlWriter implements Closeable {

  private final JsonGenerator json;

  /** Writes to {@code out}, which this writer then owns and closes; buffer it. */
  public JsonlWriter(OutputStream out) throws IOException {
    json = RecordFields.newJsonMapper().getFactory().createGenerator(out, JsonEncoding.UTF8);
    // One object per line: the line break is the separator, not the default space.
    json.setRootValueSeparator(null);
  }

  public void write(Paper paper) throws IOException {
    json.writeStartObject();
    json.writeStringField("id", paper.id());
    json.writeStringField("title", paper.title());
    json.writeStringField("abstract", paper.abstractText());
    json.writeArrayFieldStart("authors");
    for (String author : paper.authors()) {
      json.writeString(author);
    }
    json.writeEndArray();
    json.writeNumberField("author_count", paper.authorCount());
    json.writeArrayFieldStart("categories");
    for (String category : paper.categories()) {
      json.writeString(category);
    }
    json.writeEndArray();
    json.writeStringField("primary_category", paper.primaryCategory());
    json.writeStringField("announced", paper.date() == null ? null : paper.date().toString());
    if (paper.upvotes() == null) {
      json.writeNullField("upvotes");
    } else {
      json.writeNumberField("upvotes", paper.upvotes());
    }
    json.writeArrayFieldStart("ids");
    for (String id : paper.ids()) {
      json.writeString(id);
    }
    json.writeEndArray();
    json.writeEndObject();
    json.writeRaw('\n');
  }

  /** Passes what is buffered on to the stream, and flushes the stream. */
  public void flush() throws IOException {
    json.flush();
  }

  /** Flushes what is buffered to the stream and closes it; safe to call twice. */
  @Override
  public void close() throws IOException {
    json.close();
  }
}
