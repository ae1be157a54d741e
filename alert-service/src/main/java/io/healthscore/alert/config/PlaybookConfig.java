package io.healthscore.alert.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/** Where the playbook YAML is: {@code classpath:playbooks.yml} or {@code file:/etc/healthscore/playbooks.yml}. */
@ConfigurationProperties("playbooks")
public record PlaybookConfig(String location) {
}
