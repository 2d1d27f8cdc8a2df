package dev.caravan;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Starts Caravan: the workflow engine, its REST API, Hawtio and the metrics endpoints. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CaravanApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(CaravanApplication.class);
        application.addListeners(new AheadOfTimeMode(CaravanApplication.class));
        application.run(args);
    }
}
