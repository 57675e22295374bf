FROM maven:3.9.6-eclipse-temurin-17 AS build

WORKDIR /workspace
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B package -DskipTests && cp target/*.jar app.jar


FROM gcr.io/distroless/java17-debian12:nonroot
COPY --from=build /workspace/app.jar /workspace/app.jar
WORKDIR /workspace
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/usr/bin/java", "-jar", "/workspace/app.jar"]
