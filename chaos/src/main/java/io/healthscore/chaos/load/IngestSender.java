package io.healthscore.chaos.load;

import io.healthscore.e2e.process.WriteKeys;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Sends one {@link IngestCall} the way a careful client does: the same body (same messageIds) again after a 429,
 * a 5xx, a refused connection or no answer at all, waiting {@code Retry-After} or a growing pause, until a 2xx
 * (accepted) or a 4xx (rejected), or until the run's give-up time passes (unresolved). Outcomes go to the
 * {@link Ledger}.
 */
public final class IngestSender {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(2);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final URI base;
    private final String productAuthorization;
    private final String crmAuthorization;
    private final Ledger ledger;
    private final int dropEveryNthAnswer;
    private final java.util.concurrent.atomic.AtomicLong usageAnswers = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param dropEveryNthAnswer every n-th 2xx to a usage request is treated as lost on the way back (0: none), so
     *                           the client sends the request again although ingest wrote it: the redelivery
     *                           scoring must not count twice, made certain instead of left to a kill's timing
     */
    public IngestSender(URI base, WriteKeys keys, Ledger ledger, int dropEveryNthAnswer) {
        this.base = base;
        this.productAuthorization = "Bearer " + keys.product();
        this.crmAuthorization = "Bearer " + keys.crm();
        this.ledger = ledger;
        this.dropEveryNthAnswer = dropEveryNthAnswer;
    }

    /** Sends until settled or {@code giveUpAt} (a {@link System#nanoTime()} reading, re-read before each retry). */
    public void deliver(IngestCall call, LongSupplier giveUpAt) {
        HttpRequest request = request(call);
        ledger.sent(call);
        Duration pause = FIRST_PAUSE;
        for (int attempt = 1; ; attempt++) {
            ledger.attempt();
            Answer answer = send(request);
            if (answer.status() / 100 == 2) {
                if (!dropThisAnswer(call, attempt)) {
                    ledger.accepted(call, attempt);
                    return;
                }
                ledger.answerDropped();
                continue;
            }
            if (answer.status() / 100 == 4 && answer.status() != 408 && answer.status() != 429) {
                ledger.rejected(call, attempt);
                return;
            }
            ledger.retryable(answer.status(), answer.refused());
            Duration wait = clamp(answer.retryAfter().orElse(pause));
            if (System.nanoTime() + wait.toNanos() > giveUpAt.getAsLong() || Thread.currentThread().isInterrupted()) {
                ledger.unresolved(call, attempt);
                return;
            }
            LockSupport.parkNanos(wait.toNanos());
            pause = clamp(pause.multipliedBy(2));
        }
    }

    private boolean dropThisAnswer(IngestCall call, int attempt) {
        return dropEveryNthAnswer > 0 && attempt == 1 && call.kind() == IngestCall.Kind.USAGE
                && usageAnswers.incrementAndGet() % dropEveryNthAnswer == 0;
    }

    private static Duration clamp(Duration wait) {
        return wait.compareTo(FIRST_PAUSE) < 0 ? FIRST_PAUSE : wait.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : wait;
    }

    private HttpRequest request(IngestCall call) {
        try {
            return HttpRequest.newBuilder(base.resolve(call.path()))
                    .timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    // Usage with the product's key; profiles and signals with the CRM's, as ingest's scopes require.
                    .header("Authorization", call.kind() == IngestCall.Kind.USAGE ? productAuthorization
                            : crmAuthorization)
                    .method(call.method(), HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(call.body())))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode a request to " + call.path(), e);
        }
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            Optional<Duration> retryAfter = response.headers().firstValue("Retry-After")
                    .flatMap(IngestSender::seconds);
            return new Answer(response.statusCode(), false, retryAfter);
        } catch (ConnectException e) {
            return new Answer(-1, true, Optional.empty());
        } catch (IOException e) {
            return new Answer(-1, false, Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, false, Optional.empty());
        }
    }

    private static Optional<Duration> seconds(String header) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim()))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private record Answer(int status, boolean refused, Optional<Duration> retryAfter) {
    }
}
