package org.jsonmmap.example.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * A worker whose settings come from the region its master publishes: {@code application.properties} says
 * {@code spring.config.import=jsonmmap:worker-config?wait=30s}, so {@link WorkerSettings} is bound from the
 * document and rebound on every edit; {@link SettingsLog} prints each change.
 *
 * <pre>
 * echo '{"worker":{"greeting":"hello","batchSize":10,"queues":["a"]}}' | bin/jsonmmap publish worker-config
 * java -jar examples/spring-boot-worker/target/jsonmmap-example-spring-boot-worker-*.jar
 * echo '{"worker":{"greeting":"bonjour","batchSize":20,"queues":["a","b"]}}' | bin/jsonmmap publish worker-config
 * </pre>
 */
@SpringBootApplication
@EnableConfigurationProperties(WorkerSettings.class)
public class WorkerApplication {
    /**
     * Starts the worker.
     *
     * @param args Spring Boot's arguments, e.g. {@code --jsonmmap.dir=/dev/shm/app}
     */
    public static void main(String[] args) {
        SpringApplication.run(WorkerApplication.class, args);
    }
}
