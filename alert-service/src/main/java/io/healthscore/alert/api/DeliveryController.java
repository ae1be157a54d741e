package io.healthscore.alert.api;

import io.healthscore.alert.store.Delivery;
import io.healthscore.alert.store.DeliveryAttempt;
import io.healthscore.alert.store.DeliveryStatus;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.List;

/**
 * Operators: {@code GET /deliveries?status=dead}, {@code GET /deliveries/{id}/attempts},
 * {@code POST /deliveries/{id}/replay}.
 */
@Controller("/deliveries")
@ExecuteOn(TaskExecutors.BLOCKING)
public class DeliveryController {

    private final DeliveryAdmin admin;
    private final int maxPageSize;

    public DeliveryController(DeliveryAdmin admin, @Value("${api.max-page-size}") int maxPageSize) {
        this.admin = admin;
        this.maxPageSize = maxPageSize;
    }

    @Get
    public List<Delivery> list(@Nullable @QueryValue String status, @Nullable @QueryValue String limit) {
        return admin.list(QueryParameters.enumValue("status", status, DeliveryStatus.class),
                QueryParameters.limit(limit, maxPageSize));
    }

    @Get("/{id}/attempts")
    public List<DeliveryAttempt> attempts(@PathVariable String id) {
        return admin.attempts(QueryParameters.id("id", id));
    }

    @Post("/{id}/replay")
    public Delivery replay(@PathVariable String id) {
        return admin.replay(QueryParameters.id("id", id));
    }
}
