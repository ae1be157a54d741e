package io.healthscore.alert.playbook;

import io.healthscore.alert.compose.CustomerTemplates;
import io.healthscore.alert.config.HttpTarget;
import io.healthscore.alert.config.PlaybookConfig;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.io.ResourceResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The playbooks in force, loaded and checked when the service starts ({@code @Context}): a file that cannot be
 * read, does not parse, names a Slack or webhook target that is not configured, or a customer template missing
 * in a shipped language stops start-up with a message naming the entry. Playbooks are tried in file order; the
 * first alert playbook that matches an alert decides its actions, the first transition playbook that matches
 * a level transition decides that transition's, and the first expansion playbook an expansion signal's.
 */
@Context
public final class PlaybookCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(PlaybookCatalog.class);

    private final List<Playbook> playbooks;

    public PlaybookCatalog(PlaybookConfig config, ResourceResolver resources, List<HttpTarget.Slack> slack,
                           List<HttpTarget.Webhook> webhooks, CustomerTemplates templates) {
        String location = config.location();
        String text;
        try (InputStream in = resources.getResourceAsStream(location).orElseThrow(() ->
                new PlaybookException("playbooks.location '" + location + "' does not exist"))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PlaybookException("playbooks.location '" + location + "' cannot be read: " + e.getMessage(), e);
        }
        this.playbooks = PlaybookParser.parse(location, text);
        check(location, names(slack), names(webhooks), templates);
        LOG.info("Loaded {} playbooks from {}: {}", playbooks.size(), location,
                playbooks.stream().map(Playbook::name).toList());
    }

    /** The first alert playbook that matches; transition playbooks never do. */
    public Optional<Playbook> firstMatch(AlertFacts facts) {
        return playbooks.stream().filter(p -> p.matches(facts)).findFirst();
    }

    /** The first transition playbook that matches; alert playbooks never do. */
    public Optional<Playbook> firstMatch(TransitionFacts facts) {
        return playbooks.stream().filter(p -> p.matches(facts)).findFirst();
    }

    /** The first expansion playbook that matches; alert and transition playbooks never do. */
    public Optional<Playbook> firstMatch(ExpansionFacts facts) {
        return playbooks.stream().filter(p -> p.matches(facts)).findFirst();
    }

    public List<Playbook> all() {
        return playbooks;
    }

    private void check(String location, Set<String> slack, Set<String> webhooks, CustomerTemplates templates) {
        for (int i = 0; i < playbooks.size(); i++) {
            Playbook p = playbooks.get(i);
            for (int a = 0; a < p.actions().size(); a++) {
                PlaybookAction action = p.actions().get(a);
                String where = location + ": playbook #" + (i + 1) + " '" + p.name() + "' action #" + (a + 1);
                switch (action.type()) {
                    case SLACK -> requireTarget(where, "channels.slack", slack, action.target());
                    case WEBHOOK -> requireTarget(where, "channels.webhooks", webhooks, action.target());
                    case CUSTOMER_EMAIL -> templates.requireAllLanguages(action.template(), where);
                    case CSM_EMAIL -> { }
                }
            }
        }
    }

    private static void requireTarget(String where, String prefix, Set<String> configured, String target) {
        if (!configured.contains(target)) {
            throw new PlaybookException(where + ": target '" + target + "' is not configured under " + prefix
                    + " (configured: " + configured.stream().sorted().toList() + ")");
        }
    }

    private static Set<String> names(List<? extends HttpTarget> targets) {
        return targets.stream().map(HttpTarget::name).collect(Collectors.toSet());
    }
}
