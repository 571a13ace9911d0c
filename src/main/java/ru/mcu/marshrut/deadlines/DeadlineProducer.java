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
        ProductionCalendar calendar = ProductionCalendar.load(config.calendar().years(),
                config.calendar().dir().map(java.nio.file.Path::of).orElse(null));
        if (config.calendar().provisionalNextYear()) {
            calendar = calendar.withProvisionalNextYear();
        }
        return new DeadlineService(new DeadlineCalculator(calendar), DeadlineClassCatalog.load(),
                config.deadlines().messageWorkingDays(), config.deadlines().messageWorkingDaysByCategory());
    }
}
