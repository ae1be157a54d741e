package io.healthscore.alert.compose;

import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The tech-touch email to the customer contact, from a template in the contact's language. Its only link is the
 * customer-facing one ({@code links.customer-url}); without it, template lines with {@code {{link}}} are left
 * out. The internal account page never reaches a customer. The account name is one line and capped
 * (see {@link Text}).
 */
@Singleton
public final class CustomerEmailComposer {

    private static final String LINK = "{{link}}";
    private static final Pattern BLANK_LINES = Pattern.compile("\n{3,}");

    private final CustomerTemplates templates;

    public CustomerEmailComposer(CustomerTemplates templates) {
        this.templates = templates;
    }

    public ComposedMessage compose(AlertView view, String templateName, String contactLanguage) {
        return compose(templateName, contactLanguage, view.accountName(), view.renewalDate(), view.customerLink());
    }

    /** The same email for a level transition a playbook acts on; the renewal date is the profile's. */
    public ComposedMessage compose(TransitionView view, String templateName, String contactLanguage) {
        return compose(templateName, contactLanguage, view.accountName(), view.renewalDate(), view.customerLink());
    }

    /** The same email for an expansion signal a playbook acts on (an upsell template, say). */
    public ComposedMessage compose(ExpansionView view, String templateName, String contactLanguage) {
        return compose(templateName, contactLanguage, view.accountName(), view.renewalDate(), view.customerLink());
    }

    private ComposedMessage compose(String templateName, String contactLanguage, String accountName,
                                    LocalDate renewalDate, String link) {
        CustomerTemplates.Template t = templates.template(templateName, CustomerTemplates.languageFor(contactLanguage));
        String renewal = renewalDate == null ? "" : renewalDate.toString();
        return new ComposedMessage(Text.oneLine(fill(t.subject(), accountName, link, renewal), 200),
                fill(t.body(), accountName, link, renewal));
    }

    private static String fill(String text, String accountName, String link, String renewal) {
        String linked = link != null ? text.replace(LINK, link)
                : BLANK_LINES.matcher(text.lines().filter(line -> !line.contains(LINK))
                        .collect(Collectors.joining("\n", "", "\n"))).replaceAll("\n\n");
        return linked.replace("{{accountName}}", Text.oneLine(accountName))
                .replace("{{renewalDate}}", renewal);
    }
}
