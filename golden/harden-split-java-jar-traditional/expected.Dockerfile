FROM eclipse-temurin:21-jdk AS build
WORKDIR /build
COPY src/ src/
# compile, then pack with a manifest naming the main class
RUN javac -d out src/com/example/*.java
RUN jar cvfe /opt/report.jar com.example.Report -C out .

FROM gcr.io/distroless/java21-debian12:nonroot
COPY --from=build /opt/report.jar /opt/report.jar
WORKDIR /build
USER 65532:65532
CMD ["/opt/report.jar"]
