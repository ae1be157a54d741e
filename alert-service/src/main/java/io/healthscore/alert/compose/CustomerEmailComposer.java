package io.healthscore.alert.compose;

import jakarta.inject.Singleton;
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
        CustomerTemplates.Template t = templates.template(templateName, CustomerTemplates.languageFor(contactLanguage));
        String renewal = view.renewalDate() == null ? "" : view.renewalDate().toString();
        return new ComposedMessage(Text.oneLine(fill(t.subject(), view, renewal), 200), fill(t.body(), view, renewal));
    }

    private static String fill(String text, AlertView view, String renewal) {
        String link = view.customerLink();
        String linked = link != null ? text.replace(LINK, link)
                : BLANK_LINES.matcher(text.lines().filter(line -> !line.contains(LINK))
                        .collect(Collectors.joining("\n", "", "\n"))).replaceAll("\n\n");
        return linked.replace("{{accountName}}", Text.oneLine(view.accountName()))
                .replace("{{renewalDate}}", renewal);
    }
}
