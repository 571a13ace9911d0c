# Build: docker build -t marshrut .
# Run:   docker run -p 8080:8080 -v marshrut-data:/data --stop-timeout 30 marshrut
# The first start on an empty volume writes a centre API key to /data/bootstrap-key (mode 600):
#        docker run --rm -v marshrut-data:/data --entrypoint cat marshrut /data/bootstrap-key
# or set one: docker run -e MARSHRUT_BOOTSTRAP_KEY=… (it is a centre key while it is set; see README, "Security").
FROM maven:3.9-eclipse-temurin-17 AS build
# npm installs the web console's dmn-js and ECharts (src/main/console) during the Maven build.
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY rules rules
COPY decisions decisions
RUN mvn -B -q package -DskipTests
# (The package phase stores the jars' class files uncompressed, for a faster start: README, "Start-up".)

# A glibc image (Ubuntu): the stores' RocksDB native library, shipped in rocksdbjni, is unpacked into <data-dir>/native
# at start (/data/native here; the training start below unpacks it into its throwaway data directory).
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 1001 marshrut \
 && useradd --system --uid 1001 --gid 1001 --home-dir /app --shell /usr/sbin/nologin marshrut \
 && mkdir -p /app /data && chown marshrut:marshrut /data
WORKDIR /app
# The fast-jar layout: dependencies first, so a code change rebuilds only the last layers.
COPY --from=build --chown=marshrut:marshrut /build/target/quarkus-app/lib/ /app/lib/
COPY --from=build --chown=marshrut:marshrut /build/target/quarkus-app/*.jar /app/
COPY --from=build --chown=marshrut:marshrut /build/target/quarkus-app/app/ /app/app/
COPY --from=build --chown=marshrut:marshrut /build/target/quarkus-app/quarkus/ /app/quarkus/
# The class-data-sharing archive, made here with this image's JVM (an archive is valid only for the JVM and the jar
# path that wrote it): a training start answers one request on a throwaway data directory and exits (README,
# "Start-up and the class-data-sharing archive"). If the JVM cannot write one, the entry point starts without it.
RUN java -Xmx512m -Xmn256m -XX:+UseG1GC -XX:CompileThresholdScaling=3 -XX:ArchiveClassesAtExit=/app/app-cds.jsa -Xlog:cds*=error -Dmarshrut.cds-training=true \
      -Dmarshrut.data-dir=/tmp/cds-training -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=0 \
      -Dquarkus.log.level=WARN -jar /app/quarkus-run.jar \
 && rm -rf /tmp/cds-training \
 && if [ -f /app/app-cds.jsa ]; then chown marshrut:marshrut /app/app-cds.jsa; fi
# Heap, young generation, collector and malloc arenas as the README's command starts the service (README,
# "Performance", Memory): a 512 MB heap takes the largest upload the API accepts; a fixed 256 MB young generation lets
# the caches' recent entries die young. The process holds about 520 MB under load at 1,000 rows and up to about
# 870 MB while the largest upload is activated: give the container 1.25 GB.
ENV QUARKUS_HTTP_HOST=0.0.0.0 \
    QUARKUS_HTTP_PORT=8080 \
    MARSHRUT_DATA_DIR=/data \
    MALLOC_ARENA_MAX=2 \
    JAVA_OPTS="-Xmx512m -Xmn256m -XX:+UseG1GC -XX:CompileThresholdScaling=3 -XX:+ExitOnOutOfMemoryError"
VOLUME /data
# 8080 HTTP; 7800 JGroups and 7900 its failure detector when MARSHRUT_CLUSTER_ENABLED=true (README, "Scaling out").
EXPOSE 8080 7800 7900
USER 1001:1001
# Readiness through a probe class in the application jar: the JRE image has no curl, and its sh (dash) no /dev/tcp.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["java", "-Xmx16m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", "/app/app/*", "ru.mcu.marshrut.operations.HealthProbe"]
# SIGTERM drains requests in flight for up to MARSHRUT_SHUTDOWN_DRAIN_TIMEOUT (20 s): stop with docker stop -t 30.
STOPSIGNAL SIGTERM
ENTRYPOINT ["sh", "-c", "exec java -XX:SharedArchiveFile=/app/app-cds.jsa $JAVA_OPTS -jar /app/quarkus-run.jar"]
