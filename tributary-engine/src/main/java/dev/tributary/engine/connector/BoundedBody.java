package dev.tributary.engine.connector;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * An app's answer read whole into one array by the HTTP client's own threads, so that the caller
 * is woken once, when all of it is here (reading it as a stream woke the caller for every buffer
 * the client received). An answer larger than the limit is not read further: at its first buffer
 * when its declared length is over the limit, or as soon as the bytes received pass the limit.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<BoundedBody.Body> {

  /** The answer's bytes, or {@code tooLarge} with none when it was over the limit. */
  record Body(byte[] bytes, boolean tooLarge) {
    static final Body TOO_LARGE = new Body(new byte[0], true);
  }

  /** The handler: a new subscriber per response, sized by the response's {@code Content-Length}. */
  static HttpResponse.BodyHandler<Body> handler(long limit) {
    return info -> new BoundedBody(limit, info.headers().firstValueAsLong("Content-Length").orElse(-1));
  }

  private final long limit;
  private final long declared;
  private final CompletableFuture<Body> body = new CompletableFuture<>();
  /** The answer when its length is declared (filled as buffers arrive); null otherwise. */
  private final byte @Nullable [] exact;
  /** The buffers received when the length is not declared, joined once the answer is complete. */
  private final List<ByteBuffer> buffers = new ArrayList<>();
  private long received;
  private Flow.@Nullable Subscription subscription;

  private BoundedBody(long limit, long declared) {
    this.limit = limit;
    this.declared = declared;
    this.exact = declared >= 0 && declared <= limit ? new byte[(int) declared] : null;
  }

  @Override
  public CompletionStage<Body> getBody() {
    return body;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (body.isDone()) {
      return;
    }
    for (ByteBuffer buffer : items) {
      int length = buffer.remaining();
      // A length declared over the limit refuses the answer at its first byte; an answer that
      // declares one but has no body (HEAD, 304) still completes, empty.
      if (declared > limit || received + length > limit) {
        tooLarge();
        return;
      }
      if (exact != null && received + length > exact.length) {
        fail(new IOException("The app sent more than the " + exact.length + " bytes its Content-Length declared"));
        return;
      }
      if (exact != null) {
        buffer.get(exact, (int) received, length);
      } else {
        buffers.add(buffer);
      }
      received += length;
    }
  }

  private void tooLarge() {
    buffers.clear();
    if (subscription != null) {
      subscription.cancel();
    }
    body.complete(Body.TOO_LARGE);
  }

  private void fail(IOException e) {
    if (subscription != null) {
      subscription.cancel();
    }
    onError(e);
  }

  @Override
  public void onError(Throwable throwable) {
    buffers.clear();
    body.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    if (body.isDone()) {
      return;
    }
    if (exact != null) {
      // A connection closed early ends the answer short of its declared length.
      body.complete(new Body(received == exact.length ? exact : Arrays.copyOf(exact, (int) received), false));
      return;
    }
    byte[] bytes = new byte[(int) received];
    int at = 0;
    for (ByteBuffer buffer : buffers) {
      int length = buffer.remaining();
      buffer.get(bytes, at, length);
      at += length;
    }
    buffers.clear();
    body.complete(new Body(bytes, false));
  }
}
