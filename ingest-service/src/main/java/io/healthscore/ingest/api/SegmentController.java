package io.healthscore.ingest.api;

import io.healthscore.ingest.IngestFlow;
import io.healthscore.ingest.IngestFlow.Endpoint;
import io.healthscore.ingest.config.IngestLimits;
import io.healthscore.ingest.mapping.SegmentMapper;
import io.healthscore.ingest.mapping.SegmentMapper.Call;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.Map;

/**
 * Segment's HTTP Tracking API ({@code /v1/track}, {@code /v1/page}, {@code /v1/screen}, {@code /v1/identify},
 * {@code /v1/group}, {@code /v1/alias}, {@code /v1/batch}, and the one-letter paths Segment's browser SDK posts to:
 * {@code /v1/t}, {@code /v1/p}, {@code /v1/s}, {@code /v1/i}, {@code /v1/g}, {@code /v1/a}, {@code /v1/b}); answers
 * 200 {@code {"success": true}} once every record is acknowledged by Kafka. Bodies are taken as raw bytes so that the flow checks size and encoding.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class SegmentController {

    private static final Map<String, Object> SUCCESS = Map.of("success", true);

    private final IngestFlow flow;
    private final SegmentMapper mapper;
    private final Endpoint single;
    private final Endpoint batch;

    public SegmentController(IngestFlow flow, SegmentMapper mapper, IngestLimits limits) {
        this.flow = flow;
        this.mapper = mapper;
        this.single = new Endpoint("segment", limits.segmentMaxEventBytes(), true, true);
        this.batch = new Endpoint("segment.batch", limits.segmentMaxBatchBytes(), true, true);
    }

    @Post(uris = {"/v1/track", "/v1/t"}, consumes = MediaType.ALL)
    public Map<String, Object> track(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return call(request, body, Call.TRACK);
    }

    @Post(uris = {"/v1/page", "/v1/p"}, consumes = MediaType.ALL)
    public Map<String, Object> page(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return call(request, body, Call.PAGE);
    }

    @Post(uris = {"/v1/screen", "/v1/s"}, consumes = MediaType.ALL)
    public Map<String, Object> screen(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return call(request, body, Call.SCREEN);
    }

    @Post(uris = {"/v1/identify", "/v1/i"}, consumes = MediaType.ALL)
    public Map<String, Object> identify(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return call(request, body, Call.IDENTIFY);
    }

    @Post(uris = {"/v1/group", "/v1/g"}, consumes = MediaType.ALL)
    public Map<String, Object> group(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return call(request, body, Call.GROUP);
    }

    @Post(uris = {"/v1/alias", "/v1/a"}, consumes = MediaType.ALL)
    public Map<String, Object> alias(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return call(request, body, Call.ALIAS);
    }

    @Post(uris = {"/v1/batch", "/v1/b"}, consumes = MediaType.ALL)
    public Map<String, Object> batch(HttpRequest<?> request, @Nullable @Body byte[] body) {
        flow.ingest(request, body, batch, mapper.batch());
        return SUCCESS;
    }

    private Map<String, Object> call(HttpRequest<?> request, byte[] body, Call call) {
        flow.ingest(request, body, single, mapper.single(call));
        return SUCCESS;
    }
}
