package io.healthscore.alert.compose;

import jakarta.inject.Singleton;

/**
 * The tech-touch email to the customer contact, from a template in the contact's language. The account name is
 * one line and capped (see {@link Text}).
 */
@Singleton
public final class CustomerEmailComposer {

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
        return text.replace("{{accountName}}", Text.oneLine(view.accountName()))
                .replace("{{link}}", view.link())
                .replace("{{renewalDate}}", renewal);
    }
}
