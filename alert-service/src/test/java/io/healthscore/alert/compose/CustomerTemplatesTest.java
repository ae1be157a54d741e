package io.healthscore.alert.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthscore.alert.playbook.PlaybookException;
import org.junit.jupiter.api.Test;

class CustomerTemplatesTest {

    private final CustomerTemplates templates = new CustomerTemplates();

    @Test
    void japaneseContactsGetJapaneseAndEveryoneElseEnglish() {
        assertThat(CustomerTemplates.languageFor("ja")).isEqualTo("ja");
        assertThat(CustomerTemplates.languageFor("ja-JP")).isEqualTo("ja");
        assertThat(CustomerTemplates.languageFor("en-GB")).isEqualTo("en");
        assertThat(CustomerTemplates.languageFor("fr")).isEqualTo("en");
        assertThat(CustomerTemplates.languageFor(null)).isEqualTo("en");
        assertThat(CustomerTemplates.languageFor("\u0000<script>")).isEqualTo("en");
    }

    @Test
    void theShippedTemplateExistsInBothLanguagesWithASubject() {
        templates.requireAllLanguages("risk-follow-up", "test");

        assertThat(templates.template("risk-follow-up", "ja").subject()).contains("{{accountName}}");
        assertThat(templates.template("risk-follow-up", "en").body()).contains("{{link}}");
    }

    @Test
    void aMissingOrPathLikeTemplateNameIsAPlaybookError() {
        assertThatThrownBy(() -> templates.requireAllLanguages("no-such-template", "p.yml: playbook #1 'x' action #1"))
                .isInstanceOf(PlaybookException.class)
                .hasMessage("p.yml: playbook #1 'x' action #1: customer-email template 'no-such-template' has no ja "
                        + "version (templates/no-such-template.ja.txt)");
        assertThatThrownBy(() -> templates.requireAllLanguages("../application", "here"))
                .isInstanceOf(PlaybookException.class);
    }
}
