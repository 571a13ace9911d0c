package ru.mcu.marshrut.deadlines;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;

import ru.mcu.marshrut.MarshrutConfig;

/** Loads the production calendars and compiles the deadline-class DMN once, at start. */
public class DeadlineProducer {

    @Produces
    @Singleton
    @Startup
    DeadlineService deadlineService(MarshrutConfig config) {
        return new DeadlineService(new DeadlineCalculator(ProductionCalendar.fromClasspath(config.calendar().years())),
                DeadlineClassCatalog.load(), config.deadlines().messageWorkingDays(),
                config.deadlines().messageWorkingDaysByCategory());
    }
}
