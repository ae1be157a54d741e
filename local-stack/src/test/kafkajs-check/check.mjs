// Reads each output topic from the beginning with kafkajs and @kafkajs/confluent-schema-registry only (no codec
// plugins: kafkajs reads gzip by itself, not lz4, snappy or zstd), decodes every record through the registry, and
// prints one JSON line: {"topics": {"<topic>": {"records": n, "first": {...decoded...}}}, "errors": [...]}.
// Usage: node check.mjs <bootstrap> <registry-url> <expected-per-topic> <key> <topic>...
// Only records with that key are decoded and counted (other tests share the topics); exits 1 when a topic falls
// short or a record does not decode.
import { Kafka, logLevel } from 'kafkajs';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';

const [bootstrap, registryUrl, expectedText, key, ...topics] = process.argv.slice(2);
const expected = Number(expectedText);
const kafka = new Kafka({ clientId: 'kafkajs-check', brokers: [bootstrap], logLevel: logLevel.NOTHING });
const registry = new SchemaRegistry({ host: registryUrl });
const result = { topics: {}, errors: [] };
for (const topic of topics) {
  result.topics[topic] = { records: 0, first: null };
}
const consumer = kafka.consumer({ groupId: `kafkajs-check-${Date.now()}` });
await consumer.connect();
await consumer.subscribe({ topics, fromBeginning: true });
const done = new Promise(resolve => {
  const timer = setTimeout(resolve, 60_000);
  consumer.run({
    eachMessage: async ({ topic, message }) => {
      if (message.key?.toString() !== key) {
        return;
      }
      try {
        const value = await registry.decode(message.value);
        const seen = result.topics[topic];
        seen.records++;
        if (seen.first === null) {
          seen.first = { key: message.key?.toString(), value };
        }
      } catch (e) {
        result.errors.push(`${topic}: ${e.message}`);
      }
      if (Object.values(result.topics).every(t => t.records >= expected)) {
        clearTimeout(timer);
        resolve();
      }
    },
  }).catch(e => { result.errors.push(String(e && e.message || e)); clearTimeout(timer); resolve(); });
});
await done;
await consumer.disconnect();
console.log(JSON.stringify(result, (k, v) => typeof v === 'bigint' ? v.toString() : v));
const short = Object.values(result.topics).some(t => t.records < expected);
process.exit(short || result.errors.length > 0 ? 1 : 0);
