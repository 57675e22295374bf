FROM maven:3.9-eclipse-temurin-17 AS build

WORKDIR /usr/src/app
COPY . .
RUN mvn -B package -DskipTests

FROM gcr.io/distroless/java17-debian12:nonroot
COPY --from=build /usr/src/app/target/report-service.jar /usr/src/app/target/report-service.jar
WORKDIR /usr/src/app
USER 65532:65532
ENTRYPOINT ["/usr/bin/java", "-jar"]
CMD ["target/report-service.jar"]
