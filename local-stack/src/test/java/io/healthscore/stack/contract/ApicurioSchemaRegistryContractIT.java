package io.healthscore.stack.contract;

import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The registry contract against Apicurio Registry 3 (Confluent-compatible API) on the local stack. */
@ExtendWith(LocalStackExtension.class)
class ApicurioSchemaRegistryContractIT extends SchemaRegistryContract {

    private LocalStack stack;

    @BeforeEach
    void useStack(LocalStack stack) {
        this.stack = stack;
    }

    @Override
    String registryUrl() {
        return stack.registry().confluentUrl();
    }

    @Override
    String bootstrapServers() {
        return stack.kafka().bootstrapServers();
    }
}
