package io.healthscore.alert.console;

import io.healthscore.alert.api.AlertInbox;
import io.healthscore.alert.api.ApiException;
import io.healthscore.alert.store.StoredAlert;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * What a CSM does to an alert from the console. Each action is the API's own {@link AlertInbox} transaction with the
 * person's scope and audit name, behind a checked form (CSRF token, signed in).
 */
@Controller("/console")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AlertActionsController {

    private final ConsoleWeb web;
    private final AlertInbox inbox;

    public AlertActionsController(ConsoleWeb web, AlertInbox inbox) {
        this.web = web;
        this.inbox = inbox;
    }

    @Post("/alerts/{id}/ack")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> acknowledge(HttpRequest<?> request, @PathVariable String id, @Nullable @Body byte[] body) {
        ConsoleWeb.Post post = web.checkedPost(request, body);
        if (post.refused()) {
            return post.refusal();
        }
        if (!ConsoleWeb.printableId(id)) {
            return web.error(HttpStatus.BAD_REQUEST, post.session(), "alert.badId");
        }
        try {
            StoredAlert alert = inbox.acknowledge(id, ConsoleAccounts.actor(post.session().person()));
            return ConsoleWeb.redirect("/console/accounts/" + Pages.segment(alert.accountId()) + "?done=acknowledged");
        } catch (ApiException e) {
            return web.alertRefused(e, post.session());
        }
    }
}
