# The analyzer service. Build from the repository root after `mvn -B package` (or verify):
#   docker build -f deploy/analyzer.Dockerfile -t topowatch-analyzer .
# The jar's manifest puts lib/*.jar on the class path, so lib/ sits next to the jar.
FROM eclipse-temurin:25-jre

ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
# The analyzer listens on 127.0.0.1 unless told otherwise; in a container the network namespace is the
# boundary, so listen on every interface of it (an environment variable outranks the config file: set
# this variable, or pass --http-host, to choose another interface).
ENV TOPOWATCH_ANALYZER_HTTP_HOST=0.0.0.0

RUN useradd --system --uid 10001 --home-dir /var/lib/topowatch --create-home topowatch
WORKDIR /opt/topowatch
COPY analyzer-cli/target/lib/ lib/
COPY analyzer-cli/target/topowatch-analyzer.jar topowatch-analyzer.jar

USER topowatch
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "topowatch-analyzer.jar", "serve", "--kafka-bootstrap", "kafka:9092", "--http-port", "8080"]
